import { McpflowError } from '../errors/mcpflow-error.ts';
import type { WorkflowEvent } from './define-event.ts';
import { type ContextHost, InvocationContext } from './invocation-context.ts';
import type { StepDefinition } from './workflow-definition.ts';

/** @internal One step invocation: a triggering event handed to a step, retried under the same id. */
export interface Invocation {
  readonly id: string;
  readonly step: StepDefinition;
  readonly event: WorkflowEvent;
  attempt: number;
}

/** @internal A started attempt: the handler's output (a value or a promise) and what to call once it settles. */
export interface Attempt {
  output: unknown;
  finish(): void;
}

/**
 * @internal Calls the step's handler once. A step without a timeout shares the run's signal and costs one context
 * object; a step with one gets its own signal, aborted with `STEP_TIMEOUT` when the time is up, and the attempt
 * fails then even if the handler ignores its signal.
 */
export function startAttempt(host: ContextHost, invocation: Invocation): Attempt {
  const step = invocation.step;
  const ids = { invocationId: invocation.id, attempt: invocation.attempt };
  if (step.timeoutMs === undefined) {
    const context = new InvocationContext(host, step, { ...ids, signal: undefined });
    const finish = () => {
      context.ended = true;
    };
    try {
      return { output: step.handler(invocation.event, context), finish };
    } catch (error) {
      return { output: Promise.reject(error), finish };
    }
  }
  const runSignal = host.signal;
  const controller = new AbortController();
  const forward = () => controller.abort(runSignal.reason);
  runSignal.addEventListener('abort', forward, { once: true });
  const context = new InvocationContext(host, step, { ...ids, signal: controller.signal });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new McpflowError('STEP_TIMEOUT', `step "${step.name}" timed out after ${step.timeoutMs} ms`, {
        data: { step: step.name, timeoutMs: step.timeoutMs },
      });
      controller.abort(error);
      reject(error);
    }, step.timeoutMs);
  });
  const finish = () => {
    context.ended = true;
    clearTimeout(timer);
    runSignal.removeEventListener('abort', forward);
  };
  const output = (async () => step.handler(invocation.event, context))();
  return { output: Promise.race([output, timeout]), finish };
}
