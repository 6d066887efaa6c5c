import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent } from './define-event.ts';

const Start = defineEvent('start', z.object({}));
const Middle = defineEvent('middle', z.object({}));
const Orphan = defineEvent('orphan', z.object({}));
const Stop = defineEvent('stop', z.object({}));

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    if (McpflowError.isInstance(error, 'INVALID_WORKFLOW')) return error.data?.problems as string[];
    throw error;
  }
  throw new Error('expected INVALID_WORKFLOW');
}

describe('createWorkflow validation', () => {
  it('accepts a sound workflow and describes its steps', () => {
    const workflow = createWorkflow({ name: 'ok', start: Start, stop: Stop })
      .step('first', { on: [Start], emits: [Middle], concurrency: 2 }, () => Middle.create({}))
      .step('second', { on: [Middle], emits: [Stop] }, () => Stop.create({}))
      .build();
    expect(workflow.steps.map((step) => [step.name, step.on, step.emits, step.concurrency])).toEqual([
      ['first', ['start'], ['middle'], 2],
      ['second', ['middle'], ['stop'], Number.POSITIVE_INFINITY],
    ]);
  });

  it('reports an emitted event with no handler', () => {
    const problems = problemsOf(() =>
      createWorkflow({ name: 'w', start: Start, stop: Stop })
        .step('first', { on: [Start], emits: [Orphan, Stop] }, () => Stop.create({}))
        .build(),
    );
    expect(problems).toEqual(['event "orphan" (emitted by step "first") has no step to handle it']);
  });

  it('reports a handler that can never run and a stop event nobody produces', () => {
    const problems = problemsOf(() =>
      createWorkflow({ name: 'w', start: Start, stop: Stop })
        .step('first', { on: [Start] }, () => undefined)
        .step('stuck', { on: [Middle], emits: [Stop] }, () => Stop.create({}))
        .build(),
    );
    expect(problems).toEqual([
      'step "stuck" can never run: nothing produces "middle"',
      'no step that can run produces the stop event "stop"',
    ]);
  });

  it('counts external events as producible', () => {
    const workflow = createWorkflow({ name: 'w', start: Start, stop: Stop, external: [Middle] })
      .step('first', { on: [Start] }, () => undefined)
      .step('second', { on: [Middle], emits: [Stop] }, () => Stop.create({}))
      .build();
    expect(workflow.external).toEqual([Middle]);
  });

  it('reports unhandled start events, handled stop events, duplicate names and bad limits together', () => {
    const Impostor = defineEvent('middle', z.object({ other: z.string() }));
    const problems = problemsOf(() =>
      createWorkflow({ name: 'w', start: Start, stop: Stop })
        .step(
          'a',
          { on: [Middle, Stop], emits: [Stop, Impostor], concurrency: 0, timeoutMs: -1, retry: { maxAttempts: 0 } },
          () => Stop.create({}),
        )
        .step('a', { on: [Middle] }, () => undefined)
        .build(),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'two steps are named "a"',
        'step "a": concurrency must be a positive integer or Infinity',
        'step "a": timeoutMs must be positive',
        'step "a": retry.maxAttempts must be an integer of at least 1',
        'two different events are named "middle"',
        'step "a" takes the stop event "stop", which ends the run instead',
        'the start event "start" has no step to handle it',
      ]),
    );
  });

  it('exports the possible flows as a Mermaid flowchart', () => {
    const workflow = createWorkflow({ name: 'flow "one"', start: Start, stop: Stop, external: [Orphan] })
      .step('first', { on: [Start], emits: [Middle] }, () => Middle.create({}))
      .step('second', { on: [Middle, Orphan], emits: [Stop] }, () => Stop.create({}))
      .build();
    expect(workflow.toMermaid()).toBe(
      [
        'flowchart TD',
        '  %% workflow: flow #quot;one#quot;',
        '  step0["first"]:::step',
        '  step1["second"]:::step',
        '  event0(["start"]):::start',
        '  event1(["middle"]):::event',
        '  event2(["orphan"]):::external',
        '  event3(["stop"]):::stop',
        '  event0 --> step0',
        '  step0 --> event1',
        '  event1 --> step1',
        '  event2 --> step1',
        '  step1 --> event3',
        '  classDef step fill:#e8f0fe,stroke:#3b6fd6',
        '  classDef event fill:#fff,stroke:#888',
        '  classDef start fill:#e6f4ea,stroke:#2e7d32',
        '  classDef stop fill:#fdecea,stroke:#c62828',
        '  classDef external fill:#fff8e1,stroke:#f9a825',
        '',
      ].join('\n'),
    );
  });

  it('refuses invalid start input and initial state at once', () => {
    const Typed = defineEvent('typed', z.object({ count: z.number() }));
    const workflow = createWorkflow({ name: 'w', start: Typed, stop: Stop, state: z.object({ total: z.number() }) })
      .step('only', { on: [Typed], emits: [Stop] }, () => Stop.create({}))
      .build();
    expect(() => workflow.run({ count: 'x' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_EVENT' }));
    expect(() => workflow.run({ count: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => workflow.run({ count: 1 }, { initialState: { total: 'x' } as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE' }),
    );
  });
});
