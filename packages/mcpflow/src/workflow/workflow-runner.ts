import { McpflowError } from '../errors/mcpflow-error.ts';
import { InputRequestEvent } from './built-in-events.ts';
import type { WorkflowEvent } from './define-event.ts';
import { EventStream } from './event-stream.ts';
import { type CollectKey, FanInBuffer } from './fan-in-buffer.ts';
import { type InputRegistration, InputRegistry, type PendingInput } from './input-registry.ts';
import type { ContextHost } from './invocation-context.ts';
import { retryDelay } from './retry-policy.ts';
import { RunState } from './run-state.ts';
import { type Invocation, startAttempt } from './start-attempt.ts';
import type { StepDefinition, WorkflowDefinition } from './workflow-definition.ts';
import { callHooks, type StepIdentity, type WorkflowHooks } from './workflow-hooks.ts';
import type { RunControlOptions, RunStatus, WorkflowRun } from './workflow-run.ts';
import type { WorkflowSnapshot } from './workflow-snapshot.ts';

/** @internal How a run begins: fresh with a start event, or from a snapshot. */
export interface RunInit {
  runId: string;
  state: unknown;
  startedAt: number;
  deadline: number | undefined;
  startEvent?: WorkflowEvent;
  snapshot?: WorkflowSnapshot;
}

const noop = (): void => undefined;
const noHooks: readonly WorkflowHooks[] = [];

function hookLists(...lists: (WorkflowHooks | undefined)[]): readonly WorkflowHooks[] {
  const present = lists.filter((hooks) => hooks !== undefined);
  return present.length === 0 ? noHooks : present;
}

/** @internal The engine: dispatches events to steps, enforces limits, and owns the run's lifecycle. */
export class WorkflowRunner<TResult, TState> implements WorkflowRun<TResult, TState>, ContextHost {
  readonly id: string;
  /** @internal The same as `id`, for step contexts. */
  readonly runId: string;
  readonly result: Promise<TResult>;
  readonly #definition: WorkflowDefinition;
  readonly #options: RunControlOptions;
  readonly #hooks: readonly WorkflowHooks[];
  readonly #stream = new EventStream();
  readonly #state: RunState<TState>;
  readonly #inputs: InputRegistry;
  readonly #invocations = new Map<string, Invocation>();
  readonly #startedAt: number;
  readonly #deadline: number | undefined;
  // Created on first use: thousands of runs may wait at once, and most never need these.
  #controller: AbortController | undefined;
  #abortReason: unknown;
  #fanIn: FanInBuffer | undefined;
  /** Per step with a finite concurrency: invocations running, and those waiting for a slot. */
  #slots: Map<string, { running: number; queued: Invocation[] }> | undefined;
  #saving: Promise<unknown> | undefined;
  #pauseWatchers: ((status: RunStatus) => void)[] | undefined;
  #nextInvocation = 1;
  #status: RunStatus = 'running';
  #settled = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #resolve: (value: TResult) => void = noop;
  #reject: (error: unknown) => void = noop;

  constructor(definition: WorkflowDefinition, init: RunInit, options: RunControlOptions) {
    this.id = init.runId;
    this.runId = init.runId;
    this.#definition = definition;
    this.#options = options;
    this.#hooks = hookLists(definition.hooks, options.hooks);
    this.#startedAt = init.startedAt;
    this.#deadline = init.deadline;
    this.#state = new RunState<TState>(definition.stateSchema, init.state);
    this.#inputs = new InputRegistry(this, init.snapshot?.inputs ?? []);
    // No closures here: they would share (and keep alive) a context holding `init` for the run's whole life.
    const { promise, resolve, reject } = Promise.withResolvers<TResult>();
    this.result = promise;
    this.#resolve = resolve;
    this.#reject = reject;
    // Callers that only read `events` must not get an unhandled rejection from `result`.
    this.result.catch(noop);
    queueMicrotask(() => this.#begin(init));
  }

  get workflow(): string {
    return this.#definition.name;
  }

  /** @internal The run's abort signal (step contexts use it), created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#settled) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  /** @internal Step contexts' view of the state. */
  get state(): RunState<unknown> {
    return this.#state as RunState<unknown>;
  }

  /** @internal Called by the input registry when a request opens or closes. */
  inputsChanged(): void {
    this.#updateWaiting();
  }

  /** @internal Used by step contexts. */
  emit(step: StepDefinition, event: WorkflowEvent): void {
    this.#assertActive();
    this.#checkEmit(step, event);
    this.#dispatch(event, step);
  }

  /** @internal Used by step contexts. */
  write(event: WorkflowEvent): void {
    this.#stream.push(event);
  }

  /** @internal Used by step contexts. */
  requestInput(registration: InputRegistration): Promise<unknown> {
    this.#assertActive();
    return this.#inputs.register(registration, (pending) => this.#stream.push({ type: InputRequestEvent.type, data: pending }));
  }

  /** @internal Used by step contexts. */
  collect(step: string, key: CollectKey, event: WorkflowEvent, expected: readonly string[]): WorkflowEvent[] | undefined {
    this.#fanIn ??= new FanInBuffer();
    return this.#fanIn.collect(step, key, event, expected);
  }

  get status(): RunStatus {
    return this.#status;
  }

  get events(): AsyncIterable<WorkflowEvent> {
    return this.#stream;
  }

  get pendingInputs(): readonly PendingInput[] {
    return this.#inputs.pending();
  }

  getState(): TState {
    return this.#state.get();
  }

  send(event: WorkflowEvent): void {
    this.#assertActive();
    const definition = this.#definition.definitionsByType.get(event?.type);
    const steps = this.#definition.stepsByType.get(event?.type);
    if (definition === undefined || steps === undefined) {
      throw new McpflowError('UNKNOWN_EVENT', `workflow "${this.workflow}" has no step for event "${String(event?.type)}"`);
    }
    this.#dispatch(definition.create(event.data), undefined);
  }

  respond(requestId: string, answer: unknown): Promise<void> {
    if (this.#settled) return Promise.reject(this.#notActive());
    return this.#inputs.respond(requestId, answer);
  }

  decline(requestId: string, action: 'decline' | 'cancel' = 'decline'): Promise<void> {
    if (this.#settled) return Promise.reject(this.#notActive());
    return this.#inputs.decline(requestId, action);
  }

  untilWaitingOrEnded(): Promise<RunStatus> {
    if (this.#settled || this.#status === 'waiting') return Promise.resolve(this.#status);
    const { promise, resolve } = Promise.withResolvers<RunStatus>();
    this.#pauseWatchers ??= [];
    this.#pauseWatchers.push(resolve);
    return promise;
  }

  cancel(reason = 'the run was cancelled'): void {
    this.#fail(new McpflowError('CANCELLED', reason));
  }

  snapshot(): WorkflowSnapshot {
    const snapshot: WorkflowSnapshot = {
      version: 1,
      workflow: this.workflow,
      runId: this.id,
      startedAt: this.#startedAt,
      savedAt: Date.now(),
      state: structuredClone(this.#state.get()),
      nextInvocation: this.#nextInvocation,
      invocations: [...this.#invocations.values()].map((invocation) => ({
        id: invocation.id,
        step: invocation.step.name,
        event: structuredClone(invocation.event),
        attempt: invocation.attempt,
      })),
      ...(this.#fanIn?.toSnapshot() ?? { collected: {}, claimed: {} }),
      inputs: this.#inputs.toSnapshot(),
    };
    if (this.#deadline !== undefined) snapshot.deadline = this.#deadline;
    return snapshot;
  }

  async suspend(): Promise<WorkflowSnapshot> {
    this.#assertActive();
    const snapshot = this.snapshot();
    const store = this.#options.snapshotStore;
    this.#fail(new McpflowError('SUSPENDED', `run "${this.id}" was suspended into a snapshot`));
    if (store !== undefined) await this.#persist(() => store.save(snapshot));
    return snapshot;
  }

  #begin(init: RunInit): void {
    if (this.#settled) return;
    callHooks(this.#hooks, 'onRunStart', { workflow: this.workflow, runId: this.id, resumed: init.snapshot !== undefined });
    const signal = this.#options.signal;
    if (signal?.aborted === true) {
      this.cancel('the run was cancelled by its abort signal');
      return;
    }
    signal?.addEventListener('abort', () => this.cancel('the run was cancelled by its abort signal'), { once: true });
    if (this.#deadline !== undefined) {
      const message = `run "${this.id}" of workflow "${this.workflow}" timed out`;
      const fire = () => this.#fail(new McpflowError('RUN_TIMEOUT', message, { data: { deadline: this.#deadline } }));
      this.#timer = setTimeout(fire, Math.max(0, this.#deadline - Date.now()));
    }
    if (init.snapshot === undefined) {
      this.#dispatch(init.startEvent as WorkflowEvent, undefined);
      return;
    }
    this.#restore(init.snapshot);
  }

  #restore(snapshot: WorkflowSnapshot): void {
    this.#nextInvocation = snapshot.nextInvocation;
    this.#fanIn = new FanInBuffer(snapshot);
    for (const saved of snapshot.invocations) {
      const step = this.#definition.stepsByName.get(saved.step) as StepDefinition;
      this.#enqueue({ id: saved.id, step, event: saved.event, attempt: saved.attempt });
    }
    this.#checkIdle();
  }

  #dispatch(event: WorkflowEvent, from: StepDefinition | undefined): void {
    if (this.#hooks !== noHooks) {
      const info = { workflow: this.workflow, runId: this.id, event };
      callHooks(this.#hooks, 'onEventSent', from === undefined ? info : { ...info, step: from.name });
    }
    if (event.type === this.#definition.stop.type) {
      this.#complete(event);
      return;
    }
    for (const step of this.#definition.stepsByType.get(event.type) ?? []) {
      this.#enqueue({ id: `${step.name}#${this.#nextInvocation++}`, step, event, attempt: 1 });
    }
  }

  #checkEmit(step: StepDefinition, event: WorkflowEvent): void {
    if (typeof event === 'object' && event !== null && step.emitTypes.has(event.type)) return;
    const type = typeof event === 'object' && event !== null ? `"${event.type}"` : String(event);
    throw new McpflowError('UNKNOWN_EVENT', `step "${step.name}" emitted ${type}, which it does not declare in emits`, {
      data: { step: step.name, declared: step.emits },
    });
  }

  #enqueue(invocation: Invocation): void {
    const step = invocation.step;
    this.#invocations.set(invocation.id, invocation);
    if (step.concurrency !== Number.POSITIVE_INFINITY) {
      this.#slots ??= new Map();
      let slot = this.#slots.get(step.name);
      if (slot === undefined) {
        slot = { running: 0, queued: [] };
        this.#slots.set(step.name, slot);
      }
      if (slot.running >= step.concurrency) {
        slot.queued.push(invocation);
        return;
      }
      slot.running += 1;
    }
    void this.#execute(invocation);
  }

  async #execute(invocation: Invocation): Promise<void> {
    const step = invocation.step;
    for (;;) {
      const identity = this.#hooks === noHooks ? undefined : this.#stepIdentity(invocation);
      if (identity !== undefined) callHooks(this.#hooks, 'onStepStart', identity);
      const startedAt = identity === undefined ? 0 : performance.now();
      const attempt = startAttempt(this, invocation);
      try {
        const output = await attempt.output;
        attempt.finish();
        if (this.#settled) return;
        const events = this.#checkOutput(step, output);
        if (identity !== undefined)
          callHooks(this.#hooks, 'onStepEnd', { ...identity, durationMs: performance.now() - startedAt });
        for (const event of events) {
          if (this.#settled) return;
          this.#dispatch(event, step);
        }
        break;
      } catch (error) {
        attempt.finish();
        if (this.#settled) return;
        if (identity !== undefined) {
          callHooks(this.#hooks, 'onStepEnd', { ...identity, durationMs: performance.now() - startedAt, error });
        }
        const retry = step.retry;
        if (
          retry !== undefined &&
          invocation.attempt < retry.maxAttempts &&
          (retry.retryIf?.(error, invocation.attempt) ?? true)
        ) {
          const delayed = await this.#sleep(retryDelay(retry, invocation.attempt));
          if (!delayed) return;
          invocation.attempt += 1;
          continue;
        }
        const reason = error instanceof Error ? error.message : String(error);
        const message = `step "${step.name}" failed after ${invocation.attempt} attempt(s): ${reason}`;
        this.#fail(
          new McpflowError('STEP_FAILED', message, { cause: error, data: { step: step.name, attempts: invocation.attempt } }),
        );
        return;
      }
    }
    this.#finishInvocation(invocation);
  }

  #stepIdentity(invocation: Invocation): StepIdentity {
    const { id: invocationId, step, attempt, event } = invocation;
    return { workflow: this.workflow, runId: this.id, step: step.name, invocationId, attempt, event };
  }

  /** The events a step returned, each checked against its `emits` (throws `UNKNOWN_EVENT`). */
  #checkOutput(step: StepDefinition, output: unknown): readonly WorkflowEvent[] {
    if (output === undefined || output === null) return [];
    const events = (Array.isArray(output) ? output : [output]) as WorkflowEvent[];
    for (const event of events) this.#checkEmit(step, event);
    return events;
  }

  #finishInvocation(invocation: Invocation): void {
    this.#invocations.delete(invocation.id);
    this.#inputs.dropInvocation(invocation.id);
    this.#fanIn?.release(invocation.id);
    const slot = this.#slots?.get(invocation.step.name);
    if (slot !== undefined) {
      const next = slot.queued.shift();
      if (next !== undefined) void this.#execute(next);
      else slot.running -= 1;
    }
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (this.#settled) return;
    if (this.#invocations.size > 0) {
      this.#updateWaiting();
      return;
    }
    if (this.#definition.external.length > 0) {
      this.#setWaiting(true);
      return;
    }
    this.#fail(
      new McpflowError('STALLED', `workflow "${this.workflow}" has nothing left to run and produced no stop event`, {
        data: { stop: this.#definition.stop.type },
      }),
    );
  }

  /** Waiting = every live invocation is blocked on input (or, with external events, none is live). */
  #updateWaiting(): void {
    if (this.#settled) return;
    for (const invocation of this.#invocations.values()) {
      if (!this.#inputs.isBlocked(invocation.id)) {
        this.#setWaiting(false);
        return;
      }
    }
    this.#setWaiting(this.#invocations.size > 0 || this.#definition.external.length > 0);
  }

  #setWaiting(waiting: boolean): void {
    const status = waiting ? 'waiting' : 'running';
    if (this.#status === status) return;
    this.#status = status;
    if (waiting) this.#notifyPause();
    const store = this.#options.snapshotStore;
    if (waiting && store !== undefined) {
      const snapshot = this.snapshot();
      void this.#persist(() => store.save(snapshot));
    }
  }

  #sleep(milliseconds: number): Promise<boolean> {
    const signal = this.signal;
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, milliseconds);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #complete(stopEvent: WorkflowEvent): void {
    if (this.#settled) return;
    this.#stream.push(stopEvent);
    this.#settle('completed', undefined);
    this.#resolve(stopEvent.data as TResult);
  }

  #fail(error: McpflowError): void {
    if (this.#settled) return;
    const status = error.code === 'CANCELLED' ? 'cancelled' : error.code === 'SUSPENDED' ? 'suspended' : 'failed';
    this.#settle(status, error);
    this.#reject(error);
  }

  #settle(status: RunStatus, error: McpflowError | undefined): void {
    this.#settled = true;
    this.#status = status;
    this.#notifyPause();
    clearTimeout(this.#timer);
    const reason = error ?? new McpflowError('CANCELLED', `run "${this.id}" already produced its stop event`);
    this.#abortReason = reason;
    this.#controller?.abort(reason);
    this.#inputs.rejectAll(reason);
    this.#stream.close(error);
    const store = this.#options.snapshotStore;
    if (store !== undefined && status !== 'suspended') void this.#persist(() => store.delete(this.id));
    const info = { workflow: this.workflow, runId: this.id, status, durationMs: Date.now() - this.#startedAt };
    callHooks(this.#hooks, 'onRunEnd', error === undefined ? info : { ...info, error });
  }

  #notifyPause(): void {
    const watchers = this.#pauseWatchers;
    if (watchers === undefined) return;
    this.#pauseWatchers = undefined;
    for (const resolve of watchers) resolve(this.#status);
  }

  /** Store writes run one after another; a failed write fails the run, since a lost snapshot loses a run. */
  #persist(write: () => Promise<void>): Promise<void> {
    const done = (this.#saving ?? Promise.resolve()).then(write).catch((cause: unknown) => {
      this.#fail(new McpflowError('SNAPSHOT_FAILED', `could not store the snapshot of run "${this.id}"`, { cause }));
    });
    this.#saving = done;
    return done;
  }

  #assertActive(): void {
    if (this.#settled) throw this.#notActive();
  }

  #notActive(): McpflowError {
    return new McpflowError('RUN_NOT_ACTIVE', `run "${this.id}" has already ended (${this.#status})`, {
      data: { status: this.#status },
    });
  }
}
