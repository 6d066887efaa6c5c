import * as z from 'zod';
import { createWorkflow } from '../../workflow/create-workflow.ts';
import { defineEvent } from '../../workflow/define-event.ts';
import { createMcpflowServer } from '../create-mcpflow-server.ts';

/** A workflow and server shared by the server tests (in process, and as a stdio child process). */
export const Draft = defineEvent('draft', z.object({ topic: z.string().describe('What to write about') }));
export const Written = defineEvent('written', z.object({ text: z.string() }));
export const Published = defineEvent('published', z.object({ text: z.string(), approvedBy: z.string() }));
export const Note = defineEvent('note', z.object({ text: z.string() }));

export const reviewWorkflow = createWorkflow({
  name: 'review',
  description: 'Write a text and ask a human to approve it',
  start: Draft,
  stop: Published,
})
  .step('write', { on: [Draft], emits: [Written] }, (event, context) => {
    context.progress(0.5, 'drafted');
    context.write(Note.create({ text: `writing about ${event.data.topic}` }));
    return Written.create({ text: `About ${event.data.topic}` });
  })
  .step('approve', { on: [Written], emits: [Published] }, async (event, context) => {
    const answer = await context.requestInput({
      message: `Publish "${event.data.text}"?`,
      schema: z.object({ approved: z.boolean(), reviewer: z.string() }),
    });
    context.progress(1, 'reviewed');
    return Published.create({ text: answer.approved ? event.data.text : 'rejected', approvedBy: answer.reviewer });
  })
  .build();

/** Records what the slow workflow's step saw of its signal, for the cancellation tests. */
export const slowSignals: AbortSignal[] = [];

const Wait = defineEvent('wait', z.object({ milliseconds: z.number() }));
const Waited = defineEvent('waited', z.object({ milliseconds: z.number() }));
export const slowWorkflow = createWorkflow({ name: 'slow', description: 'Waits, reporting progress', start: Wait, stop: Waited })
  .step('wait', { on: [Wait], emits: [Waited] }, async (event, context) => {
    slowSignals.push(context.signal);
    for (let done = 0; done < 10; done += 1) {
      context.progress(done / 10, `tick ${done}`);
      await new Promise((resolve) => setTimeout(resolve, event.data.milliseconds / 10));
      context.signal.throwIfAborted();
    }
    return Waited.create(event.data);
  })
  .build();

const Question = defineEvent('question', z.object({ question: z.string() }));
const Answered = defineEvent('answered', z.object({ answer: z.string(), model: z.string() }));
/** A workflow whose step asks the client's language model (MCP sampling). */
export const askModelWorkflow = createWorkflow({
  name: 'ask-model',
  description: "Asks the client's model",
  start: Question,
  stop: Answered,
})
  .step('ask', { on: [Question], emits: [Answered] }, async (event, context) => {
    const reply = await context.requestSampling({
      messages: [{ role: 'user', content: { type: 'text', text: event.data.question } }],
      maxTokens: 50,
    });
    const content = Array.isArray(reply.content) ? reply.content[0] : reply.content;
    return Answered.create({ answer: String((content as { text?: string } | undefined)?.text ?? ''), model: reply.model });
  })
  .build();

export function createReviewServer() {
  return createMcpflowServer({ name: 'review-server', version: '1.0.0' })
    .workflow(reviewWorkflow)
    .workflow(slowWorkflow, { annotations: { readOnlyHint: true } })
    .workflow(askModelWorkflow)
    .tool(
      'add',
      {
        description: 'Add two numbers',
        input: z.object({ a: z.number(), b: z.number() }),
        output: z.object({ sum: z.number() }),
      },
      ({ a, b }) => ({ sum: a + b }),
    );
}
