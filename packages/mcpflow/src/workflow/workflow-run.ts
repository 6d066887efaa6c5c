import type { WorkflowEvent } from './define-event.ts';
import type { PendingInput } from './input-registry.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import type { WorkflowHooks } from './workflow-hooks.ts';
import type { WorkflowSnapshot } from './workflow-snapshot.ts';

/** Where a run is: `waiting` means nothing can move until input or an external event arrives. */
export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'suspended';

/** One execution of a workflow. */
export interface WorkflowRun<TResult = unknown, TState = unknown> {
  /** The run's id (stable across suspend and resume). */
  readonly id: string;
  /** The workflow's name. */
  readonly workflow: string;
  /** Where the run is now. */
  readonly status: RunStatus;
  /**
   * The public stream: events steps `write`, progress, input requests, and last the stop event. One reader;
   * events are kept until read. When the run fails, the reader gets the error after the last event.
   */
  readonly events: AsyncIterable<WorkflowEvent>;
  /** The stop event's data; rejects with an `McpflowError` (`CANCELLED`, `RUN_TIMEOUT`, `STEP_FAILED`, …). */
  readonly result: Promise<TResult>;
  /** Input requests waiting for an answer. */
  readonly pendingInputs: readonly PendingInput[];
  /** The current state. */
  getState(): TState;
  /** Injects an event from outside (validated against its definition); throws `UNKNOWN_EVENT` if no step takes it. */
  send(event: WorkflowEvent): void;
  /** Answers an input request; rejects with `INVALID_INPUT` (the request stays open) or `UNKNOWN_INPUT_REQUEST`. */
  respond(requestId: string, answer: unknown): Promise<void>;
  /**
   * Refuses an input request: the step's `requestInput` rejects with `INPUT_DECLINED` (it may catch it and go on).
   * Rejects with `UNKNOWN_INPUT_REQUEST` when the request is not open here (e.g. not yet asked again after resume).
   */
  decline(requestId: string, action?: 'decline' | 'cancel'): Promise<void>;
  /** Resolves with the status as soon as the run is `waiting` or has ended (at once if it already is). */
  untilWaitingOrEnded(): Promise<RunStatus>;
  /** Cancels the run: every step's signal aborts and `result` rejects with `CANCELLED`. No-op once ended. */
  cancel(reason?: string): void;
  /** The run's whole state as JSON, to resume later with `workflow.resume(snapshot)`. */
  snapshot(): WorkflowSnapshot;
  /** Snapshots the run (saving it to the run's store, if any), then stops it here; `result` rejects with `SUSPENDED`. */
  suspend(): Promise<WorkflowSnapshot>;
}

/** Options that `run` and `resume` share. */
export interface RunControlOptions {
  /** Fails the run with `RUN_TIMEOUT` after this long. On resume, the snapshot's deadline applies unless this is set. */
  timeoutMs?: number;
  /** Cancels the run when aborted. */
  signal?: AbortSignal;
  /** Instrumentation for this run, in addition to the workflow's own hooks. */
  hooks?: WorkflowHooks;
  /** Saves a snapshot each time the run starts waiting, and deletes it when the run ends (unless suspended). */
  snapshotStore?: SnapshotStore;
}
