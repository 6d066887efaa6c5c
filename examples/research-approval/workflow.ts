/**
 * Research, then summarise, then ask a human to approve the summary.
 *
 * `plan-research` fans out one `source-requested` event per source, `read-source` reads them concurrently,
 * `summarise` fans them back in with `context.collect`, and `review` waits for a human's verdict through
 * `context.requestInput` before the run stops with a `summary` event.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createWorkflow, defineEvent } from 'mcpflow';
import * as z from 'zod';

interface Source {
  id: string;
  title: string;
  keywords: readonly string[];
  /** How long a real fetch would take; the sources differ so that they finish out of order. */
  latencyMs: number;
  notes: readonly string[];
}

// A fake library stands in for the web so the example needs no network and gives the same answer every run.
const corpus: readonly Source[] = [
  {
    id: 'loop-patterns',
    title: 'Human-in-the-loop patterns',
    keywords: ['human', 'loop', 'approval', 'review'],
    latencyMs: 40,
    notes: ['Pause the workflow at the decision, not before it.', 'Show the reviewer exactly what will be published.'],
  },
  {
    id: 'durable-runs',
    title: 'Durable workflow runs',
    keywords: ['workflow', 'durable', 'snapshot', 'loop'],
    latencyMs: 10,
    notes: ['A run waiting for a person may wait for days, so it must survive a restart.'],
  },
  {
    id: 'review-ux',
    title: 'Designing review prompts',
    keywords: ['review', 'approval', 'human'],
    latencyMs: 25,
    notes: ['Ask one yes-or-no question and allow an optional comment.'],
  },
  {
    id: 'audit-trails',
    title: 'Audit trails for automated decisions',
    keywords: ['audit', 'approval'],
    latencyMs: 5,
    notes: ['Record who approved what, and when.'],
  },
  {
    id: 'vector-search',
    title: 'Vector search basics',
    keywords: ['embedding', 'search', 'retrieval'],
    latencyMs: 15,
    notes: ['Nearest neighbours over embeddings find passages by meaning.'],
  },
];

/** Starts a run: what to research and how many sources to read at most. */
export const Topic = defineEvent(
  'topic',
  z.object({ topic: z.string().min(1), maxSources: z.number().int().min(1).max(corpus.length) }),
  { description: 'What to research.' },
);

const SourceRequested = defineEvent(
  'source-requested',
  // `total` travels with every event so the fan-in step knows how many to wait for.
  z.object({ sourceId: z.string(), rank: z.number().int(), total: z.number().int() }),
  { description: 'One source to read.' },
);

const SourceRead = defineEvent(
  'source-read',
  z.object({
    sourceId: z.string(),
    title: z.string(),
    notes: z.array(z.string()),
    rank: z.number().int(),
    total: z.number().int(),
  }),
  { description: 'The notes taken from one source.' },
);

const DraftReady = defineEvent('draft-ready', z.object({ topic: z.string(), draft: z.string(), sources: z.array(z.string()) }), {
  description: 'A summary waiting for approval.',
});

/** Ends a run: the summary and the reviewer's verdict. */
export const Summary = defineEvent(
  'summary',
  z.object({
    topic: z.string(),
    status: z.enum(['approved', 'rejected']),
    summary: z.string(),
    sources: z.array(z.string()),
    sourcesRead: z.number().int(),
    comment: z.string().optional(),
  }),
  { description: 'The reviewed summary.' },
);

const Verdict = z.object({ approved: z.boolean(), comment: z.string().optional() });

/** Sources whose keywords share a word with the topic, best match first (corpus order breaks ties). */
function findSources(topic: string, maxSources: number): Source[] {
  const words = new Set(topic.toLowerCase().split(/[^a-z]+/));
  return corpus
    .map((source) => ({ source, score: source.keywords.filter((keyword) => words.has(keyword)).length }))
    .filter(({ score }) => score > 0)
    .sort((left, right) => right.score - left.score)
    .slice(0, maxSources)
    .map(({ source }) => source);
}

export const researchApproval = createWorkflow({
  name: 'research-approval',
  description: 'Researches a topic from several sources, drafts a summary and asks a human to approve it.',
  start: Topic,
  stop: Summary,
  state: z.object({ topic: z.string().default(''), sourcesRead: z.number().int().default(0) }),
})
  .step('plan-research', { on: [Topic], emits: [SourceRequested] }, async (event, context) => {
    const sources = findSources(event.data.topic, event.data.maxSources);
    if (sources.length === 0) throw new Error(`no source mentions "${event.data.topic}"`);
    await context.state.update((state) => ({ ...state, topic: event.data.topic }));
    context.progress(0, `found ${sources.length} sources`);
    return sources.map((source, rank) => SourceRequested.create({ sourceId: source.id, rank, total: sources.length }));
  })
  .step('read-source', { on: [SourceRequested], emits: [SourceRead] }, async (event, context) => {
    const source = corpus.find((candidate) => candidate.id === event.data.sourceId);
    if (source === undefined) throw new Error(`unknown source "${event.data.sourceId}"`);
    await delay(source.latencyMs, undefined, { signal: context.signal });
    // Concurrent readers count through the state so each sees its own place in the total.
    const { sourcesRead } = await context.state.update((state) => ({ ...state, sourcesRead: state.sourcesRead + 1 }));
    context.progress(sourcesRead / event.data.total, `read "${source.title}"`);
    return SourceRead.create({ ...event.data, title: source.title, notes: [...source.notes] });
  })
  .step('summarise', { on: [SourceRead], emits: [DraftReady] }, (event, context) => {
    const read = context.collect(event, SourceRead, event.data.total);
    if (read === undefined) return;
    // Sources arrive in the order they finish; rank order keeps the draft the same on every run.
    const ranked = read.toSorted((left, right) => left.data.rank - right.data.rank);
    const lines = ranked.flatMap((source) => source.data.notes.map((note) => `- ${note} (${source.data.title})`));
    const { topic } = context.state.get();
    return DraftReady.create({ topic, draft: lines.join('\n'), sources: ranked.map((source) => source.data.title) });
  })
  .step('review', { on: [DraftReady], emits: [Summary] }, async (event, context) => {
    const verdict = await context.requestInput({
      message: `Publish this summary of "${event.data.topic}"?\n${event.data.draft}`,
      schema: Verdict,
    });
    const { sourcesRead } = context.state.get();
    return Summary.create({
      topic: event.data.topic,
      status: verdict.approved ? 'approved' : 'rejected',
      summary: event.data.draft,
      sources: event.data.sources,
      sourcesRead,
      ...(verdict.comment === undefined ? {} : { comment: verdict.comment }),
    });
  })
  .build();
