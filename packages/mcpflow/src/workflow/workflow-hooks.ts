import type { McpflowError } from '../errors/mcpflow-error.ts';
import type { WorkflowEvent } from './define-event.ts';
import type { RunStatus } from './workflow-run.ts';

/** Which run a hook call is about. */
export interface RunIdentity {
  workflow: string;
  runId: string;
}

/** Which step invocation a hook call is about. */
export interface StepIdentity extends RunIdentity {
  step: string;
  invocationId: string;
  attempt: number;
  event: WorkflowEvent;
}

/**
 * Instrumentation hooks: enough to attach tracing (e.g. OpenTelemetry spans per run and step) or metrics
 * without mcpflow depending on either. Hooks run synchronously; a hook that throws is ignored, so it cannot
 * break a run.
 */
export interface WorkflowHooks {
  onRunStart?(info: RunIdentity & { resumed: boolean }): void;
  onRunEnd?(info: RunIdentity & { status: RunStatus; durationMs: number; error?: McpflowError }): void;
  onStepStart?(info: StepIdentity): void;
  onStepEnd?(info: StepIdentity & { durationMs: number; error?: unknown }): void;
  /** An event was sent into the run: the start event, a step's output, or one sent from outside (`step` absent). */
  onEventSent?(info: RunIdentity & { event: WorkflowEvent; step?: string }): void;
}

/** Calls `hook` with `info` on every hook list that has it; errors in hooks are swallowed on purpose. */
export function callHooks<TName extends keyof WorkflowHooks>(
  hookLists: readonly WorkflowHooks[],
  name: TName,
  info: Parameters<NonNullable<WorkflowHooks[TName]>>[0],
): void {
  for (const hooks of hookLists) {
    const hook = hooks[name] as ((value: typeof info) => void) | undefined;
    if (hook === undefined) continue;
    try {
      hook.call(hooks, info);
    } catch {
      // Instrumentation must never change the outcome of a run.
    }
  }
}
