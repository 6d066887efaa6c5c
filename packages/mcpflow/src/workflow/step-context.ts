import type * as z from 'zod';
import type { AnyEventDefinition, EventOf, WorkflowEvent } from './define-event.ts';
import type { SamplingRequest, SamplingResult } from './sampling-request.ts';

/** Read and write access to a run's typed state. Writes are validated against the state schema and applied in order. */
export interface StateAccess<TState> {
  /** The current state. Treat it as read-only: change it through `set` or `update`. */
  get(): TState;
  /** Replaces the state after validating it; rejects with `INVALID_STATE` (state unchanged) when it does not fit. */
  set(next: TState): Promise<void>;
  /**
   * Atomically derives the next state from the current one. Updates from concurrent steps are queued, so none is
   * lost even when `updater` is async. Rejects with `INVALID_STATE` (state unchanged) when the result does not fit.
   */
  update(updater: (current: TState) => TState | Promise<TState>): Promise<TState>;
}

/** A question a step asks a human (or an MCP client) and waits for. */
export interface InputRequest<TSchema extends z.ZodType> {
  /** What to ask, shown to whoever answers. */
  message: string;
  /** The shape of the answer. Answers that do not fit are refused and the request stays open. */
  schema: TSchema;
  /** Rejects with `INPUT_TIMEOUT` when nobody answers within this time. @default no limit (the run's own timeout still applies) */
  timeoutMs?: number;
}

/**
 * What a step handler receives besides its event: the run's state, signal, stream and ways to emit events.
 * One context serves one attempt of one step invocation; it refuses to act once the attempt has returned.
 */
export interface StepContext<TState = unknown, TEmit extends WorkflowEvent = WorkflowEvent> {
  /** The run's id. */
  readonly runId: string;
  /** The workflow's name. */
  readonly workflow: string;
  /** The step's name. */
  readonly step: string;
  /** This invocation's id, stable across retries and across suspend/resume. */
  readonly invocationId: string;
  /** The attempt, counted from 1. */
  readonly attempt: number;
  /** Aborted when the run is cancelled, fails, finishes, or this step times out. */
  readonly signal: AbortSignal;
  /** The run's typed state. */
  readonly state: StateAccess<TState>;
  /** Sends an event into the run now (it must be one the step declares in `emits`). */
  send(event: TEmit): void;
  /** Writes any event to the run's public stream (`run.events`); steps do not receive it. */
  write(event: WorkflowEvent): void;
  /** Streams a progress event (with this step and invocation): `fraction` from 0 to 1 and an optional message. */
  progress(fraction: number, message?: string): void;
  /**
   * Asks for input and waits for it: the request is streamed as an `InputRequestEvent` and answered with
   * `run.respond(requestId, answer)`. When a run is resumed from a snapshot, the waiting step runs again from
   * its start and its answered requests return at once, so do side effects after the last request.
   */
  requestInput<TSchema extends z.ZodType>(request: InputRequest<TSchema>): Promise<z.output<TSchema>>;
  /**
   * Asks a language model (served over MCP: the client's model, through sampling) and waits for its answer; streamed
   * as an `InputRequestEvent` of kind `sampling` and answered with `run.respond(requestId, result)`. Same replay rules
   * as `requestInput`.
   */
  requestSampling(request: SamplingRequest, options?: { timeoutMs?: number }): Promise<SamplingResult>;
  /**
   * Fan-in: buffers `event` for this step and returns `count` events of `definition` once that many have
   * arrived (clearing them from the buffer), otherwise `undefined`.
   */
  collect<TDefinition extends AnyEventDefinition>(
    event: EventOf<TDefinition>,
    definition: TDefinition,
    count: number,
  ): EventOf<TDefinition>[] | undefined;
  /** Fan-in: returns one event of each listed definition, in the listed order, once all have arrived. */
  collect<const TDefinitions extends readonly AnyEventDefinition[]>(
    event: EventOf<TDefinitions[number]>,
    definitions: TDefinitions,
  ): { [K in keyof TDefinitions]: EventOf<TDefinitions[K]> } | undefined;
}
