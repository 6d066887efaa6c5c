/**
 * The workloads in @llamaindex/workflow-core 1.3.4, written the way its README shows: workflowEvent(),
 * workflow.handle([...], handler), workflow.createContext(), sendEvent, and the stream (`stream.until(stop)`).
 */
import { createWorkflow, type WorkflowEventData, workflowEvent } from '@llamaindex/workflow-core';
import { FAN_OUT, type Implementation } from './workloads.ts';

// linear: start → a → b → stop
const LinearStart = workflowEvent<{ n: number }>({ debugLabel: 'linear-start' });
const LinearA = workflowEvent<{ n: number }>({ debugLabel: 'linear-a' });
const LinearB = workflowEvent<{ n: number }>({ debugLabel: 'linear-b' });
const LinearStop = workflowEvent<{ n: number }>({ debugLabel: 'linear-stop' });
const linear = createWorkflow();
linear.handle([LinearStart], (_context, event) => LinearA.with({ n: event.data.n + 1 }));
linear.handle([LinearA], (_context, event) => LinearB.with({ n: event.data.n * 2 }));
linear.handle([LinearB], (_context, event) => LinearStop.with({ n: event.data.n - 3 }));

// fan-out / fan-in. workflow-core has no collect(); the run's tally is a closure made by the split handler and
// carried by the branch events (a shared counter per run), so the collector is a plain handler like mcpflow's.
interface Tally {
  count: number;
  sum: number;
}
const FanStart = workflowEvent<{ n: number }>({ debugLabel: 'fan-start' });
const Branch = workflowEvent<{ i: number; tally: Tally }>({ debugLabel: 'branch' });
const BranchDone = workflowEvent<{ v: number; tally: Tally }>({ debugLabel: 'branch-done' });
const FanStop = workflowEvent<{ sum: number }>({ debugLabel: 'fan-stop' });
const fanOut = createWorkflow();
fanOut.handle([FanStart], (context, event) => {
  const tally: Tally = { count: 0, sum: 0 };
  for (let i = 0; i < FAN_OUT; i++) context.sendEvent(Branch.with({ i: event.data.n + i, tally }));
});
fanOut.handle([Branch], (_context, event) => BranchDone.with({ v: event.data.i * 2, tally: event.data.tally }));
fanOut.handle([BranchDone], (_context, event) => {
  const tally = event.data.tally;
  tally.count += 1;
  tally.sum += event.data.v;
  if (tally.count === FAN_OUT) return FanStop.with({ sum: tally.sum });
});

// human in the loop: one handler emits "input required", another handles the human's response sent later.
const Draft = workflowEvent<{ n: number }>({ debugLabel: 'draft' });
const InputRequired = workflowEvent<{ n: number; message: string }>({ debugLabel: 'input-required' });
const HumanResponse = workflowEvent<{ n: number; value: number }>({ debugLabel: 'human-response' });
const Approved = workflowEvent<{ n: number }>({ debugLabel: 'approved' });
const review = createWorkflow();
review.handle([Draft], (_context, event) => InputRequired.with({ n: event.data.n, message: 'Approve this draft?' }));
review.handle([HumanResponse], (_context, event) => Approved.with({ n: event.data.n + event.data.value }));

interface Waiting {
  sendEvent: (...events: WorkflowEventData<unknown>[]) => void;
  reader: ReadableStreamDefaultReader<WorkflowEventData<unknown>>;
  request: { n: number; message: string };
}

export const implementation: Implementation<Waiting> = {
  name: 'workflow-core',
  async linear(n) {
    const { stream, sendEvent } = linear.createContext();
    sendEvent(LinearStart.with({ n }));
    const events = await stream.until(LinearStop).toArray();
    return (events.at(-1) as WorkflowEventData<{ n: number }>).data.n;
  },
  async fanOut(n) {
    const { stream, sendEvent } = fanOut.createContext();
    sendEvent(FanStart.with({ n }));
    const events = await stream.until(FanStop).toArray();
    return (events.at(-1) as WorkflowEventData<{ sum: number }>).data.sum;
  },
  async waitForInput(n) {
    const { stream, sendEvent } = review.createContext();
    const reader = stream.getReader();
    sendEvent(Draft.with({ n }));
    for (;;) {
      const next = await reader.read();
      if (next.done) throw new Error('workflow-core: the stream ended before asking for input');
      if (InputRequired.include(next.value)) return { sendEvent, reader, request: next.value.data };
    }
  },
  async answer(waiting, value) {
    waiting.sendEvent(HumanResponse.with({ n: waiting.request.n, value }));
    for (;;) {
      const next = await waiting.reader.read();
      if (next.done) throw new Error('workflow-core: the stream ended before the run completed');
      if (Approved.include(next.value)) {
        await waiting.reader.cancel();
        return next.value.data.n;
      }
    }
  },
};
