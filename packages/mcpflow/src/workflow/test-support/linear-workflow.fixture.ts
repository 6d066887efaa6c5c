import * as z from 'zod';
import { createWorkflow } from '../create-workflow.ts';
import { defineEvent } from '../define-event.ts';

/** Events and a small approval workflow shared by the tests (and the child process of the resume test). */
export const Topic = defineEvent('topic', z.object({ topic: z.string() }));
export const Draft = defineEvent('draft', z.object({ text: z.string() }));
export const Published = defineEvent('published', z.object({ text: z.string(), approvedBy: z.string() }));

export const approvalSchema = z.object({ approved: z.boolean(), reviewer: z.string() });

/** topic → draft → (human approval) → published; state counts drafts. */
export const approvalWorkflow = createWorkflow({
  name: 'approval',
  start: Topic,
  stop: Published,
  state: z.object({ drafts: z.number().default(0) }),
})
  .step('write', { on: [Topic], emits: [Draft] }, (event) => Draft.create({ text: `About ${event.data.topic}` }))
  .step('review', { on: [Draft], emits: [Published] }, async (event, context) => {
    const answer = await context.requestInput({ message: `Publish "${event.data.text}"?`, schema: approvalSchema });
    await context.state.update((state) => ({ drafts: state.drafts + 1 }));
    const text = answer.approved ? event.data.text : `${event.data.text} (rejected)`;
    return Published.create({ text, approvedBy: answer.reviewer });
  })
  .build();

/** Resolves with the first streamed event that satisfies `predicate` (reading the run's single stream). */
export async function firstEvent<TEvent extends { type: string }>(
  events: AsyncIterable<TEvent>,
  predicate: (event: TEvent) => boolean,
): Promise<TEvent> {
  for await (const event of events) if (predicate(event)) return event;
  throw new Error('the stream ended before the expected event');
}
