import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent } from './define-event.ts';
import { retryDelay } from './retry-policy.ts';

const Start = defineEvent('start', z.object({ failures: z.number() }));
const Stop = defineEvent('stop', z.object({ attempts: z.number() }));

describe('retries and timeouts', () => {
  it('retries a failing step with backoff, then succeeds', async () => {
    const attempts: number[] = [];
    const times: number[] = [];
    const workflow = createWorkflow({ name: 'flaky', start: Start, stop: Stop })
      .step(
        'flaky',
        { on: [Start], emits: [Stop], retry: { maxAttempts: 4, initialDelayMs: 10, backoffFactor: 2, jitter: false } },
        (event, context) => {
          attempts.push(context.attempt);
          times.push(performance.now());
          if (context.attempt <= event.data.failures) throw new Error(`failure ${context.attempt}`);
          return Stop.create({ attempts: context.attempt });
        },
      )
      .build();
    expect(await workflow.run({ failures: 2 }).result).toEqual({ attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(9);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(19);
  });

  it('fails with STEP_FAILED naming the step, attempts and cause once retries are spent', async () => {
    const workflow = createWorkflow({ name: 'broken', start: Start, stop: Stop })
      .step('broken', { on: [Start], emits: [Stop], retry: { maxAttempts: 2, initialDelayMs: 1 } }, () => {
        throw new TypeError('nope');
      })
      .build();
    const error = await workflow.run({ failures: 9 }).result.catch((caught: unknown) => caught);
    expect(McpflowError.isInstance(error, 'STEP_FAILED')).toBe(true);
    expect(error).toMatchObject({
      message: 'step "broken" failed after 2 attempt(s): nope',
      data: { step: 'broken', attempts: 2 },
    });
    expect((error as McpflowError).cause).toBeInstanceOf(TypeError);
  });

  it('does not retry when retryIf says no', async () => {
    let calls = 0;
    const workflow = createWorkflow({ name: 'fatal', start: Start, stop: Stop })
      .step('fatal', { on: [Start], emits: [Stop], retry: { maxAttempts: 5, retryIf: () => false } }, () => {
        calls += 1;
        throw new Error('fatal');
      })
      .build();
    await expect(workflow.run({ failures: 1 }).result).rejects.toMatchObject({ code: 'STEP_FAILED' });
    expect(calls).toBe(1);
  });

  it('times out a step: its signal aborts with STEP_TIMEOUT and the attempt fails', async () => {
    const signals: AbortSignal[] = [];
    const workflow = createWorkflow({ name: 'slow-step', start: Start, stop: Stop })
      .step(
        'slow',
        { on: [Start], emits: [Stop], timeoutMs: 20, retry: { maxAttempts: 2, initialDelayMs: 1 } },
        async (_e, context) => {
          signals.push(context.signal);
          await new Promise((resolve) => setTimeout(resolve, context.attempt === 1 ? 1_000 : 1));
          return Stop.create({ attempts: context.attempt });
        },
      )
      .build();
    expect(await workflow.run({ failures: 0 }).result).toEqual({ attempts: 2 });
    expect(signals[0]?.aborted).toBe(true);
    expect(McpflowError.isInstance(signals[0]?.reason, 'STEP_TIMEOUT')).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('fails the whole run with RUN_TIMEOUT', async () => {
    let signal: AbortSignal | undefined;
    const workflow = createWorkflow({ name: 'slow-run', start: Start, stop: Stop, timeoutMs: 30 })
      .step('slow', { on: [Start], emits: [Stop] }, async (_event, context) => {
        signal = context.signal;
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        return Stop.create({ attempts: 1 });
      })
      .build();
    const startedAt = performance.now();
    await expect(workflow.run({ failures: 0 }).result).rejects.toMatchObject({ code: 'RUN_TIMEOUT' });
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    expect(signal?.aborted).toBe(true);
    await expect(workflow.run({ failures: 0 }, { timeoutMs: 10 }).result).rejects.toMatchObject({ code: 'RUN_TIMEOUT' });
  });

  it('computes exponential delays with a cap and optional jitter', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, backoffFactor: 3, maxDelayMs: 1_000, jitter: false };
    expect([1, 2, 3, 4].map((attempt) => retryDelay(policy, attempt))).toEqual([100, 300, 900, 1_000]);
    expect(retryDelay({ ...policy, jitter: true }, 2, () => 0)).toBe(150);
    expect(retryDelay({ ...policy, jitter: true }, 2, () => 1)).toBe(300);
  });
});
