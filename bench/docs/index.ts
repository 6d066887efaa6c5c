/**
 * Ingest and query speed of the document stores at 100,000 chunks: `npm run bench:docs:index`.
 *
 * Synthetic chunks (Zipf-distributed vocabulary of 5,000 pseudo-words, ~120 words each, 20 chunks per document),
 * the same for every store. Ingest is timed as chunks/s through `upsert` (parse excluded; embedding included for
 * hybrid). Queries are 2–4 words, common (ranks 50–2,000) or rarer content words (ranks 1,000–5,000); p50/p95 over
 * 300 queries after 30 warm-up queries, for BM25 and hybrid (BM25 + vector, RRF; hashing embedder, 256 dimensions). PostgreSQL runs too when its Debian binaries are
 * there (a throwaway server on 127.0.0.1). Target: query p95 ≤ 10 ms.
 *
 * Flags: `--chunks N` (default 100000), `--queries N` (default 300), `--no-postgres`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createHashingEmbedder,
  createPostgresDocumentStore,
  createSqliteDocumentStore,
  type DocumentStore,
  type DocumentVersion,
  type SearchMode,
} from '@mcpflow/docs';
import { startPostgres } from '../../packages/docs/src/test-support/start-postgres.ts';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const CHUNKS = Number(values.chunks);
const QUERIES = Number(values.queries);
const PER_DOCUMENT = 20;
const VOCABULARY = 5_000;

/** Mulberry32: a small seeded generator, so every run and every store sees the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const next = random(42);
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'ven', 'dar', 'is', 'or', 'el', 'um', 'qua', 'tex'];
const words = Array.from({ length: VOCABULARY }, (_, rank) => {
  let word = '';
  let value = rank + 17;
  do {
    word += syllables[value % syllables.length];
    value = Math.floor(value / syllables.length);
  } while (value > 0);
  return word;
});
// Zipf (s = 1): cumulative weights for sampling by rank.
const cumulative: number[] = [];
let total = 0;
for (let rank = 1; rank <= VOCABULARY; rank += 1) {
  total += 1 / rank;
  cumulative.push(total);
}
const sampleWord = () => {
  const target = next() * total;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((cumulative[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return words[low] as string;
};

const documents: DocumentVersion[] = [];
for (let document = 0; document * PER_DOCUMENT < CHUNKS; document += 1) {
  const chunks = Array.from({ length: Math.min(PER_DOCUMENT, CHUNKS - document * PER_DOCUMENT) }, (_, ordinal) => ({
    ordinal,
    heading: `Section ${sampleWord()} ${sampleWord()}`,
    page: 1 + Math.floor(ordinal / 4),
    text: Array.from({ length: 100 + Math.floor(next() * 40) }, sampleWord).join(' '),
  }));
  const markdown = chunks.map((chunk) => `## ${chunk.heading}\n\n${chunk.text}`).join('\n\n');
  documents.push({
    id: `docs/${document}.md`,
    title: undefined,
    mediaType: 'text/markdown',
    sha256: `synthetic-${document}`,
    bytes: markdown.length,
    markdown,
    chunks,
    metadata: { shard: document % 10 },
  });
}
// Two query sets: common words (ranks 50–2,000; each matches thousands of chunks, so BM25 scores many rows) and
// content words (ranks 1,000–5,000; tens to hundreds of chunks each, like the rarer words people search for).
const querySet = (low: number, high: number) =>
  Array.from({ length: QUERIES + 30 }, () =>
    Array.from({ length: 2 + Math.floor(next() * 3) }, () => words[low + Math.floor(next() * (high - low))]).join(' '),
  );
const querySets = { common: querySet(50, 2_000), rare: querySet(1_000, 5_000) };
let queries = querySets.common;

type Measured = SearchMode | 'bm25 + filter' | 'vector (exact)';

interface Row {
  store: string;
  ingest: number | undefined;
  latency: Partial<Record<Measured, { p50: number; p95: number }>>;
}

async function ingest(store: DocumentStore): Promise<number> {
  const started = performance.now();
  for (const document of documents) await store.upsert('bench', document);
  return CHUNKS / ((performance.now() - started) / 1000);
}

/** p50/p95 of `count` queries after some warm-up ones (30, fewer for short runs); returns the ranked chunk ids too, for recall. */
async function latency(store: DocumentStore, mode: Measured, count: number) {
  const timings: number[] = [];
  const rankings: string[][] = [];
  const warmup = Math.min(30, Math.ceil(count / 5));
  for (const [position, query] of queries.slice(0, count + warmup).entries()) {
    const began = performance.now();
    const hits = await store.search('bench', query, {
      limit: 10,
      mode: mode === 'bm25 + filter' ? 'bm25' : mode === 'vector (exact)' ? 'vector' : mode,
      ...(mode === 'bm25 + filter' ? { filter: { metadata: { shard: 3 } } } : {}),
    });
    if (position >= warmup) {
      timings.push(performance.now() - began);
      rankings.push(hits.map((hit) => `${hit.documentId}#${hit.ordinal}`));
    }
    if (hits.length === 0 && mode !== 'bm25 + filter') throw new Error(`${mode}: no hits for "${query}"`);
  }
  timings.sort((left, right) => left - right);
  const at = (quantile: number) => timings[Math.min(timings.length - 1, Math.floor(quantile * timings.length))] as number;
  return { p50: at(0.5), p95: at(0.95), rankings };
}

async function measure(name: string, store: DocumentStore, modes: Measured[], count = QUERIES): Promise<Row[]> {
  const rate = await ingest(store);
  const rows: Row[] = [];
  for (const [set, list] of Object.entries(querySets)) {
    queries = list;
    const row: Row = { store: `${name}, ${set} words`, ingest: rows.length === 0 ? rate : undefined, latency: {} };
    for (const mode of modes) {
      const { p50, p95 } = await latency(store, mode, count);
      row.latency[mode] = { p50, p95 };
    }
    console.log(formatRow(row));
    rows.push(row);
  }
  queries = querySets.common;
  await store.close();
  return rows;
}

function formatRow(row: Row): string {
  const cells = Object.entries(row.latency).map(
    ([mode, value]) => `${mode} p50 ${value.p50.toFixed(2)} ms p95 ${value.p95.toFixed(2)} ms`,
  );
  const rate = row.ingest === undefined ? '' : `ingest ${Math.round(row.ingest).toLocaleString('en')} chunks/s · `;
  return `${row.store.padEnd(46)} ${rate}${cells.join(' · ')}`;
}

const cpus = os.cpus();
console.log(`@mcpflow/docs stores — ${CHUNKS.toLocaleString('en')} synthetic chunks, ${QUERIES} queries, limit 10`);
console.log(
  `date ${new Date().toISOString()} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · load ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
const directory = await mkdtemp(join(os.tmpdir(), 'mcpflow-bench-docs-'));
const rows: Row[] = [];
try {
  rows.push(
    ...(await measure('sqlite (FTS5, no embedder)', createSqliteDocumentStore({ path: join(directory, 'bm25.db') }), [
      'bm25',
      'bm25 + filter',
    ])),
  );
  const hybridPath = join(directory, 'hybrid.db');
  const embedder = createHashingEmbedder({ dimensions: 256 });
  rows.push(
    ...(await measure('sqlite (FTS5 + sqlite-vec, hashing 256-d)', createSqliteDocumentStore({ path: hybridPath, embedder }), [
      'bm25',
      'vector',
      'hybrid',
    ])),
  );
  // The same file searched both ways: the optional 1-bit first pass against the default full cosine scan.
  const quantized = createSqliteDocumentStore({ path: hybridPath, embedder, vectorSearch: 'quantized' });
  const exact = createSqliteDocumentStore({ path: hybridPath, embedder, vectorSearch: 'exact' });
  const fast = await latency(quantized, 'vector', QUERIES);
  const full = await latency(exact, 'vector (exact)', QUERIES);
  let overlap = 0;
  for (const [position, ranking] of full.rankings.entries()) {
    const found = new Set(fast.rankings[position]);
    overlap += ranking.filter((id) => found.has(id)).length / Math.max(1, ranking.length);
  }
  const exactRow: Row = {
    store: 'sqlite (sqlite-vec, 1-bit first pass), common',
    ingest: undefined,
    latency: { vector: fast },
  };
  console.log(`${formatRow(exactRow)} · its recall@10 against the exact scan ${(overlap / full.rankings.length).toFixed(3)}`);
  rows.push(exactRow);
  await quantized.close();
  await exact.close();
  if (!values['no-postgres']) {
    const postgres = await startPostgres();
    if ('unavailable' in postgres) console.warn(`PostgreSQL skipped: ${postgres.unavailable}`);
    else {
      try {
        rows.push(
          ...(await measure(
            'postgres 15 (tsvector, no embedder)',
            await createPostgresDocumentStore({ connectionString: postgres.url, schema: 'bm25' }),
            ['bm25', 'bm25 + filter'],
          )),
        );
        rows.push(
          ...(await measure(
            'postgres 15 (tsvector + real[] exact, 256-d)',
            await createPostgresDocumentStore({
              connectionString: postgres.url,
              schema: 'hybrid',
              embedder: createHashingEmbedder({ dimensions: 256 }),
            }),
            ['hybrid'],
            Math.min(QUERIES, 10),
          )),
        );
      } finally {
        await postgres.stop();
      }
    }
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
const best = Math.max(...rows.flatMap((row) => Object.values(row.latency).map((value) => value.p95)));
console.log(`target: query p95 ≤ 10 ms — worst p95 above ${best.toFixed(2)} ms`);
(await import('./index-results.ts')).writeIndexResults(rows, CHUNKS, QUERIES);
