/**
 * Runs the research-approval workflow, plays the human reviewer, and checks the outcome: exits 1 when the result
 * or the progress reports differ from what is expected.
 */
import assert from 'node:assert/strict';
import { type DataOf, InputRequestEvent, ProgressEvent } from 'mcpflow';
import { researchApproval, Summary } from './workflow.ts';

const expectedResult: DataOf<typeof Summary> = {
  topic: 'human in the loop approval',
  status: 'approved',
  summary: [
    '- Pause the workflow at the decision, not before it. (Human-in-the-loop patterns)',
    '- Show the reviewer exactly what will be published. (Human-in-the-loop patterns)',
    '- Ask one yes-or-no question and allow an optional comment. (Designing review prompts)',
    '- A run waiting for a person may wait for days, so it must survive a restart. (Durable workflow runs)',
  ].join('\n'),
  sources: ['Human-in-the-loop patterns', 'Designing review prompts', 'Durable workflow runs'],
  sourcesRead: 3,
  comment: 'Ship it.',
};

// Fractions only: which source finishes first depends on timers, but the count of sources read does not.
const expectedProgress = ['plan-research 0%', 'read-source 33%', 'read-source 67%', 'read-source 100%'];

const run = researchApproval.run({ topic: 'human in the loop approval', maxSources: 3 });
const progress: string[] = [];
let inputRequests = 0;

for await (const event of run.events) {
  if (ProgressEvent.is(event)) {
    const { step, message } = event.data;
    const percent = Math.round(event.data.progress * 100);
    progress.push(`${step} ${percent}%`);
    console.log(`[${step}] ${String(percent).padStart(3)}%  ${message ?? ''}`);
  } else if (InputRequestEvent.is(event)) {
    inputRequests += 1;
    console.log(`\n[${event.data.step}] asks (request ${event.data.requestId}):`);
    console.log(event.data.message.replace(/^/gm, '  │ '));
    // The example plays the human; a real app would show the message and the answer schema to a person.
    const answer = { approved: true, comment: 'Ship it.' };
    console.log(`  → answering ${JSON.stringify(answer)}\n`);
    await run.respond(event.data.requestId, answer);
  } else if (Summary.is(event)) {
    console.log(`[summary] ${event.data.status} after reading ${event.data.sourcesRead} sources`);
  }
}

const result = await run.result;

try {
  assert.deepEqual(result, expectedResult, 'the final result differs from the expected one');
  assert.deepEqual(progress, expectedProgress, 'the progress reports differ from the expected ones');
  assert.equal(inputRequests, 1, 'expected exactly one input request');
} catch (error) {
  console.error(`\nFAIL: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log('\nOK: result and progress match the expected values');
