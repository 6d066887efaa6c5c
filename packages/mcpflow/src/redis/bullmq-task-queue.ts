import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { McpflowServer } from '../server/create-mcpflow-server.ts';
import { serverInternals } from '../server/server-internals.ts';
import type { QueuedTask, TaskQueue } from '../server/tasks/task-queue.ts';
import { runQueuedWorkflowTask } from '../server/workflow-task.ts';

/** Options for {@link createBullmqTaskQueue}. */
export interface BullmqTaskQueueOptions {
  /** BullMQ's connection: `{ host, port }`, or an ioredis instance (`maxRetriesPerRequest: null`). */
  connection: ConnectionOptions;
  /** The queue's name; servers and workers must agree on it. @default 'mcpflow-tasks' */
  name?: string;
}

/** A {@link TaskQueue} on BullMQ; `close()` ends its connection. */
export interface BullmqTaskQueue extends TaskQueue {
  /** The BullMQ queue itself (counts, pausing, dashboards). */
  readonly queue: Queue<QueuedTask>;
  close(): Promise<void>;
}

/**
 * Queues workflow tasks for workers with BullMQ: pass it as `createMcpflowServer({ taskQueue })` and run
 * {@link startTaskWorker} in worker processes. Each task is one job with the task id as job id (queued twice, it
 * runs once).
 *
 * @example
 * ```ts
 * const taskQueue = createBullmqTaskQueue({ connection: { host: '127.0.0.1', port: 6379 } })
 * const server = createMcpflowServer({ name: 'reports', taskQueue, taskStore, requestStateKey }).workflow(report)
 * ```
 */
export function createBullmqTaskQueue(options: BullmqTaskQueueOptions): BullmqTaskQueue {
  const queue = new Queue<QueuedTask>(options.name ?? 'mcpflow-tasks', { connection: options.connection });
  return {
    queue,
    async enqueue(task) {
      await queue.add('run', task, { jobId: task.taskId, removeOnComplete: 1000, removeOnFail: 1000 });
    },
    close: () => queue.close(),
  };
}

/** Options for {@link startTaskWorker}. */
export interface TaskWorkerOptions {
  /** BullMQ's connection: `{ host, port }`, or an ioredis instance (`maxRetriesPerRequest: null`). */
  connection: ConnectionOptions;
  /** The queue's name, as given to {@link createBullmqTaskQueue}. @default 'mcpflow-tasks' */
  name?: string;
  /** Tasks run at once by this worker. @default 4 */
  concurrency?: number;
  /**
   * How long the task of a worker that stopped (crashed, killed, cut off) stays with it before another worker
   * takes it over and runs it again; live workers renew their hold well within it. @default 30000
   */
  stallTimeoutMs?: number;
}

/** A running worker; `close()` waits for the tasks it runs to end. */
export interface TaskWorker {
  /** The BullMQ worker itself. */
  readonly worker: Worker<QueuedTask>;
  close(): Promise<void>;
}

const terminal = new Set(['completed', 'failed', 'cancelled']);

/**
 * Runs queued workflow tasks of `server` (the same definition the HTTP processes serve, built with the same shared
 * task store, e.g. `createRedisTaskStore`): status, input requests and the result go to that store, so `tasks/get`
 * on any server process sees them; `tasks/cancel` and `tasks/update` reach the worker through the store. A task
 * cancelled before a worker took it is skipped. A worker that dies mid-run leaves its job stalled: BullMQ hands it
 * to another worker, which runs the workflow again from its last saved snapshot, or from its input.
 *
 * @example
 * ```ts
 * const worker = startTaskWorker(server, { connection: { host: '127.0.0.1', port: 6379 }, concurrency: 8 })
 * process.on('SIGTERM', () => void worker.close())
 * ```
 */
export function startTaskWorker(server: McpflowServer, options: TaskWorkerOptions): TaskWorker {
  const internals = serverInternals(server);
  const worker = new Worker<QueuedTask>(
    options.name ?? 'mcpflow-tasks',
    async (job) => {
      const { taskId, tool, input } = job.data;
      const record = await internals.tasks.get(taskId);
      if (record === undefined || terminal.has(record.status)) return 'skipped';
      const served = internals.workflow(tool);
      if (served === undefined) {
        await internals.tasks.fail(taskId, `this worker serves no workflow named "${tool}"`);
        return 'failed';
      }
      try {
        await runQueuedWorkflowTask(served.workflow, record, input, internals.tasks, served.timeoutMs);
      } catch (error) {
        await internals.tasks.fail(taskId, error instanceof Error ? error.message : String(error));
      }
      return 'ran';
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 4,
      lockDuration: options.stallTimeoutMs ?? 30_000,
      stalledInterval: options.stallTimeoutMs ?? 30_000,
    },
  );
  // BullMQ reports connection trouble as events; without a listener Node would throw them.
  worker.on('error', () => undefined);
  // A job BullMQ gave up on (it stalled once too often, or Redis failed mid-run) must not leave its task `working`
  // for ever; a task that already ended keeps its outcome.
  worker.on('failed', (job, error) => {
    if (job !== undefined)
      void internals.tasks.fail(job.data.taskId, `the worker failed: ${error.message}`).catch(() => undefined);
  });
  return { worker, close: () => worker.close() };
}
