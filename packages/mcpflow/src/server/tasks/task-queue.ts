/** One workflow task waiting for a worker: which task, which tool (workflow), and its validated input. */
export interface QueuedTask {
  taskId: string;
  tool: string;
  input: unknown;
}

/**
 * Where long workflow tasks run instead of the process that received the call (e.g. `createBullmqTaskQueue` from
 * `mcpflow/redis`). The server creates the task in its (shared) task store, then enqueues it; a worker runs the
 * workflow and writes the outcome to the same store.
 */
export interface TaskQueue {
  /** Hands a task to the workers; rejects when it could not be queued (the task then fails). */
  enqueue(task: QueuedTask): Promise<void>;
}
