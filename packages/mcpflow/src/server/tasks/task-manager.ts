import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { TaskMessage, TaskRecord, TaskStatus, TaskStore } from './task-store.ts';

/** What a tool running as a task can do besides producing its result. */
export interface TaskHandle {
  readonly taskId: string;
  /** Aborted when the client cancels the task. */
  readonly signal: AbortSignal;
  /**
   * Asks the client for input (an `elicitation/create`, `sampling/createMessage` or `roots/list` request): the task
   * shows `input_required` with this request, under `key` (minted when absent), until the client answers it with
   * `tasks/update`.
   */
  requestInput(request: unknown, key?: string): Promise<unknown>;
  /** Saves what a workflow needs to resume this task after a restart (or clears it). */
  saveResume(resume: TaskRecord['resume'] | undefined): Promise<void>;
}

interface LiveTask {
  controller: AbortController;
  waiting: Map<string, (response: unknown) => void>;
}

const terminal = new Set<TaskStatus>(['completed', 'failed', 'cancelled']);

/**
 * A status write in the background that the store refused (e.g. Redis is away): the record keeps its last
 * status, which is what readers see; nobody waits on the write to be told.
 */
const ignoreStoreFailure = (): undefined => undefined;

/**
 * @internal Creates, runs and reports tasks for all the SDK server instances of one mcpflow server. The record in
 * the store is the truth that `tasks/get` reads; live work (abort controllers, waiting input) stays in this process.
 */
export class TaskManager {
  readonly #store: TaskStore;
  readonly #ttlMs: number;
  readonly #pollIntervalMs: number;
  readonly #live = new Map<string, LiveTask>();
  // Writes to one record happen in order, so a late status never overwrites a newer one.
  readonly #writes = new Map<string, Promise<unknown>>();

  constructor(store: TaskStore, options: { ttlMs: number; pollIntervalMs: number }) {
    this.#store = store;
    this.#ttlMs = options.ttlMs;
    this.#pollIntervalMs = options.pollIntervalMs;
    // A shared store brings cancellations and answers for the tasks this process runs from the other processes.
    store.receive?.((taskId, message) => this.#receive(taskId, message));
  }

  /** Creates a task (durably, before returning) whose outcome is `work`'s. */
  async create(tool: string, work: (task: TaskHandle) => Promise<CallToolResult>): Promise<TaskRecord> {
    const now = new Date().toISOString();
    const record: TaskRecord = {
      taskId: randomUUID(),
      tool,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.#ttlMs,
      pollIntervalMs: this.#pollIntervalMs,
    };
    await this.#store.put(record);
    const live: LiveTask = { controller: new AbortController(), waiting: new Map() };
    this.#live.set(record.taskId, live);
    const handle = this.#handle(record.taskId, live);
    void work(handle)
      .then(
        (result) => this.#finish(record.taskId, { status: 'completed', result }),
        (error: unknown) =>
          live.controller.signal.aborted
            ? this.#finish(record.taskId, { status: 'cancelled', statusMessage: 'cancelled by the client' })
            : this.#finish(record.taskId, {
                status: 'failed',
                error: { code: -32603, message: error instanceof Error ? error.message : String(error) },
              }),
      )
      .catch(ignoreStoreFailure);
    return record;
  }

  /** The task, or `undefined` when unknown or past its time to live. */
  async get(taskId: string): Promise<TaskRecord | undefined> {
    const record = await this.#store.get(taskId);
    if (record === undefined) return undefined;
    if (Date.parse(record.createdAt) + record.ttlMs < Date.now()) {
      await this.#store.delete(taskId);
      return undefined;
    }
    return record;
  }

  /** Delivers answers to open input requests; returns false when the task is unknown. Unknown keys are ignored. */
  async update(
    taskId: string,
    inputResponses: Record<string, unknown>,
    resume: (record: TaskRecord, inputResponses: Record<string, unknown>) => Promise<void>,
  ): Promise<boolean> {
    const record = await this.get(taskId);
    if (record === undefined) return false;
    const live = this.#live.get(taskId);
    if (live === undefined) {
      // Another live process may run it (a shared store); it takes the answers.
      if ((await this.#store.send?.(taskId, { kind: 'input', inputResponses })) === true) return true;
      // Nothing runs it (e.g. the server restarted): a workflow task waiting for input can be resumed.
      if (record.status === 'input_required') await resume(record, inputResponses);
      return true;
    }
    await this.#deliver(taskId, live, inputResponses);
    return true;
  }

  async #deliver(taskId: string, live: LiveTask, inputResponses: Record<string, unknown>): Promise<void> {
    for (const [key, response] of Object.entries(inputResponses)) {
      const deliver = live.waiting.get(key);
      if (deliver === undefined) continue;
      live.waiting.delete(key);
      await this.#change(taskId, (current) => {
        const { [key]: _answered, ...rest } = current.inputRequests ?? {};
        const open = Object.keys(rest).length > 0;
        return { ...current, inputRequests: open ? rest : undefined, status: open ? 'input_required' : 'working' };
      });
      deliver(response);
    }
  }

  async #receive(taskId: string, message: TaskMessage): Promise<boolean> {
    const live = this.#live.get(taskId);
    if (live === undefined) return false;
    if (message.kind === 'input') {
      await this.#deliver(taskId, live, message.inputResponses);
      return true;
    }
    live.controller.abort();
    // Written here first, so the work's own ending (often a tool error from the abort) cannot overwrite it.
    await this.#finish(taskId, { status: 'cancelled', statusMessage: 'cancelled by the client' });
    return true;
  }

  /** Cancels a task (cooperatively); returns false when the task is unknown. Terminal tasks stay as they are. */
  async cancel(taskId: string): Promise<boolean> {
    const record = await this.get(taskId);
    if (record === undefined) return false;
    if (terminal.has(record.status)) return true;
    const live = this.#live.get(taskId);
    if (live !== undefined) live.controller.abort();
    else await this.#store.send?.(taskId, { kind: 'cancel' });
    await this.#finish(taskId, { status: 'cancelled', statusMessage: 'cancelled by the client' });
    return true;
  }

  /**
   * Creates a task that runs elsewhere (a worker picks it up and {@link adopt}s it); nothing runs here.
   */
  async createQueued(tool: string): Promise<TaskRecord> {
    const now = new Date().toISOString();
    const record: TaskRecord = {
      taskId: randomUUID(),
      tool,
      status: 'working',
      statusMessage: 'queued',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: this.#ttlMs,
      pollIntervalMs: this.#pollIntervalMs,
    };
    await this.#store.put(record);
    return record;
  }

  /**
   * Runs work for a task from the store (a workflow resumed after a restart, or a queued task on a worker);
   * resolves once its outcome is stored.
   */
  adopt(record: TaskRecord, work: (task: TaskHandle) => Promise<CallToolResult>): Promise<void> {
    this.#change(record.taskId, (current) => {
      const { statusMessage: _queued, ...rest } = current;
      return { ...rest, status: 'working', inputRequests: undefined };
    }).catch(ignoreStoreFailure);
    const live: LiveTask = { controller: new AbortController(), waiting: new Map() };
    this.#live.set(record.taskId, live);
    return work(this.#handle(record.taskId, live)).then(
      (result) => this.#finish(record.taskId, { status: 'completed', result }),
      (error: unknown) =>
        live.controller.signal.aborted
          ? this.#finish(record.taskId, { status: 'cancelled', statusMessage: 'cancelled by the client' })
          : this.#finish(record.taskId, {
              status: 'failed',
              error: { code: -32603, message: error instanceof Error ? error.message : String(error) },
            }),
    );
  }

  /** Fails a task that never ran (e.g. it could not be queued). */
  fail(taskId: string, message: string): Promise<void> {
    return this.#finish(taskId, { status: 'failed', error: { code: -32603, message } });
  }

  #handle(taskId: string, live: LiveTask): TaskHandle {
    return {
      taskId,
      signal: live.controller.signal,
      requestInput: (request, chosenKey) =>
        new Promise((resolve) => {
          const key = chosenKey ?? `input-${randomUUID().slice(0, 8)}`;
          live.waiting.set(key, resolve);
          this.#change(taskId, (current) => ({
            ...current,
            status: 'input_required',
            inputRequests: { ...current.inputRequests, [key]: request },
          })).catch(ignoreStoreFailure);
        }),
      saveResume: (resume) => this.#change(taskId, (current) => ({ ...current, resume })),
    };
  }

  async #finish(taskId: string, outcome: Partial<TaskRecord> & { status: TaskStatus }): Promise<void> {
    this.#live.delete(taskId);
    await this.#change(taskId, (current) => {
      if (terminal.has(current.status)) return current;
      const { inputRequests: _open, resume: _resume, ...rest } = current;
      return { ...rest, ...outcome };
    });
  }

  #change(taskId: string, change: (current: TaskRecord) => TaskRecord): Promise<void> {
    const previous = this.#writes.get(taskId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = await this.#store.get(taskId);
      if (current === undefined) return;
      const updated = change(current);
      if (updated === current) return;
      await this.#store.put({ ...updated, lastUpdatedAt: new Date().toISOString() });
    });
    const settled = next.catch(() => undefined);
    this.#writes.set(taskId, settled);
    void settled.then(() => {
      if (this.#writes.get(taskId) === settled) this.#writes.delete(taskId);
    });
    return next;
  }
}
