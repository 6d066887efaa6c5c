/** The workloads in mcpflow, written the way its README shows: defineEvent + createWorkflow().step(...).build(). */
import { createWorkflow, defineEvent, InputRequestEvent, type WorkflowRun } from 'mcpflow';
import * as z from 'zod';
import { FAN_OUT, type Implementation } from './workloads.ts';

const Value = z.object({ n: z.number() });

// linear: start → a → b → stop
const LinearStart = defineEvent('linear-start', Value);
const LinearA = defineEvent('linear-a', Value);
const LinearB = defineEvent('linear-b', Value);
const LinearStop = defineEvent('linear-stop', Value);
const linear = createWorkflow({ name: 'linear', start: LinearStart, stop: LinearStop })
  .step('a', { on: [LinearStart], emits: [LinearA] }, (event) => LinearA.create({ n: event.data.n + 1 }))
  .step('b', { on: [LinearA], emits: [LinearB] }, (event) => LinearB.create({ n: event.data.n * 2 }))
  .step('stop', { on: [LinearB], emits: [LinearStop] }, (event) => LinearStop.create({ n: event.data.n - 3 }))
  .build();

// fan-out / fan-in
const FanStart = defineEvent('fan-start', Value);
const Branch = defineEvent('branch', z.object({ i: z.number() }));
const BranchDone = defineEvent('branch-done', z.object({ v: z.number() }));
const FanStop = defineEvent('fan-stop', z.object({ sum: z.number() }));
const fanOut = createWorkflow({ name: 'fan-out', start: FanStart, stop: FanStop })
  .step('split', { on: [FanStart], emits: [Branch] }, (event) =>
    Array.from({ length: FAN_OUT }, (_, i) => Branch.create({ i: event.data.n + i })),
  )
  .step('branch', { on: [Branch], emits: [BranchDone] }, (event) => BranchDone.create({ v: event.data.i * 2 }))
  .step('join', { on: [BranchDone], emits: [FanStop] }, (event, context) => {
    const all = context.collect(event, BranchDone, FAN_OUT);
    if (all === undefined) return;
    let sum = 0;
    for (const done of all) sum += done.data.v;
    return FanStop.create({ sum });
  })
  .build();

// human in the loop: a step awaits context.requestInput
const Draft = defineEvent('draft', Value);
const Approved = defineEvent('approved', Value);
const Answer = z.object({ value: z.number() });
const review = createWorkflow({ name: 'review', start: Draft, stop: Approved })
  .step('review', { on: [Draft], emits: [Approved] }, async (event, context) => {
    const answer = await context.requestInput({ message: 'Approve this draft?', schema: Answer });
    return Approved.create({ n: event.data.n + answer.value });
  })
  .build();

interface Waiting {
  run: WorkflowRun<{ n: number }>;
  requestId: string;
}

export const implementation: Implementation<Waiting> = {
  name: 'mcpflow',
  async linear(n) {
    return (await linear.run({ n }).result).n;
  },
  async fanOut(n) {
    return (await fanOut.run({ n }).result).sum;
  },
  async waitForInput(n) {
    const run = review.run({ n });
    const events = run.events[Symbol.asyncIterator]();
    for (;;) {
      const next = await events.next();
      if (next.done === true) throw new Error('mcpflow: the run ended before asking for input');
      if (InputRequestEvent.is(next.value)) return { run, requestId: next.value.data.requestId };
    }
  },
  async answer(waiting, value) {
    await waiting.run.respond(waiting.requestId, { value });
    return (await waiting.run.result).n;
  },
};
