import { type CallToolResult, CLIENT_CAPABILITIES_META_KEY, type ServerContext } from '@modelcontextprotocol/server';
import type { TaskHandle, TaskManager } from './task-manager.ts';
import type { TaskRecord } from './task-store.ts';

/** The extension id of MCP tasks (SEP-2663). */
export const tasksExtension = 'io.modelcontextprotocol/tasks';

const slotKey = Symbol.for('mcpflow.task-slot');

/**
 * @internal The chance of one tool call to become a task. `ensure()` creates the task (once): the client is answered
 * with `CreateTaskResult` at once and the handler's eventual result becomes the task's result.
 */
export class TaskSlot {
  readonly #manager: TaskManager;
  readonly #tool: string;
  readonly #outcome: Promise<CallToolResult>;
  #created: Promise<{ record: TaskRecord; handle: TaskHandle }> | undefined;
  #fail: (error: unknown) => void = () => undefined;
  readonly created: Promise<TaskRecord>;
  #announce: (record: TaskRecord) => void = () => undefined;

  constructor(manager: TaskManager, tool: string, outcome: Promise<CallToolResult>) {
    this.#manager = manager;
    this.#tool = tool;
    this.#outcome = outcome;
    this.created = new Promise((resolve) => {
      this.#announce = resolve;
    });
  }

  /** Turns this call into a task (idempotent) and returns the task's handle. */
  async ensure(): Promise<TaskHandle> {
    this.#created ??= new Promise((resolve, reject) => {
      let handle: TaskHandle | undefined;
      this.#manager
        .create(this.#tool, (created) => {
          handle = created;
          // The task ends with the handler's result, unless the handler reports a failure first.
          return new Promise<CallToolResult>((settle, fail) => {
            this.#fail = fail;
            this.#outcome.then(settle, fail);
          });
        })
        .then((record) => {
          this.#announce(record);
          resolve({ record, handle: handle as TaskHandle });
        }, reject);
    });
    return (await this.#created).handle;
  }

  /** True once the call has become a task. */
  get isTask(): boolean {
    return this.#created !== undefined;
  }

  /** Fails the task (a protocol-level failure: `status: "failed"`), as opposed to a tool error result. */
  fail(error: unknown): void {
    this.#fail(error);
  }
}

/** @internal Attaches a slot to a tool call's context. */
export function attachTaskSlot(context: ServerContext, slot: TaskSlot): void {
  (context as unknown as Record<symbol, TaskSlot>)[slotKey] = slot;
}

/**
 * The task slot of a tool call, when the tool supports tasks and the client negotiated them for this request;
 * `undefined` otherwise (the call is answered synchronously).
 */
export function taskSlotOf(context: ServerContext): TaskSlot | undefined {
  return (context as unknown as Record<symbol, TaskSlot | undefined>)[slotKey];
}

/** Whether this request's client capabilities (2026-07-28 envelope) include the tasks extension. */
export function tasksNegotiated(context: ServerContext): boolean {
  const envelope = (context.mcpReq.envelope ?? {}) as Record<string, unknown>;
  const capabilities = envelope[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined;
  return capabilities?.extensions?.[tasksExtension] !== undefined;
}
