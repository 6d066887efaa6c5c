import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent } from './define-event.ts';

const Start = defineEvent('start', z.object({}));
const Middle = defineEvent('middle', z.object({}));
const Stop = defineEvent('stop', z.object({}));

describe('instrumentation hooks', () => {
  it('reports run, step and event lifecycles from workflow and run hooks, ignoring hooks that throw', async () => {
    const calls: string[] = [];
    const workflow = createWorkflow({
      name: 'traced',
      start: Start,
      stop: Stop,
      hooks: {
        onRunStart: ({ resumed }) => calls.push(`run-start resumed=${resumed}`),
        onStepStart: ({ step, attempt }) => calls.push(`step-start ${step} #${attempt}`),
        onStepEnd: ({ step, error, durationMs }) =>
          calls.push(`step-end ${step} ${error === undefined ? 'ok' : 'error'} ${durationMs >= 0}`),
        onEventSent: ({ event, step }) => calls.push(`event ${event.type} from ${step ?? 'outside'}`),
        onRunEnd: ({ status, error }) => calls.push(`run-end ${status} ${error?.code ?? ''}`),
      },
    })
      .step('first', { on: [Start], emits: [Middle] }, () => Middle.create({}))
      .step('second', { on: [Middle], emits: [Stop], retry: { maxAttempts: 2, initialDelayMs: 1 } }, (_event, context) => {
        if (context.attempt === 1) throw new Error('once');
        return Stop.create({});
      })
      .build();
    const runHooks = {
      onRunEnd: () => {
        throw new Error('a broken hook must not break the run');
      },
    };
    await expect(workflow.run({}, { hooks: runHooks }).result).resolves.toEqual({});
    expect(calls).toEqual([
      'run-start resumed=false',
      'event start from outside',
      'step-start first #1',
      'step-end first ok true',
      'event middle from first',
      'step-start second #1',
      'step-end second error true',
      'step-start second #2',
      'step-end second ok true',
      'event stop from second',
      'run-end completed ',
    ]);
  });
});
