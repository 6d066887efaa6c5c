import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TaskMessage, TaskMessageHandler, TaskRecord, TaskStore } from '../server/tasks/task-store.ts';
import { execAll, redisCall } from './redis-call.ts';

/** Options for {@link createRedisTaskStore}. */
export interface RedisTaskStoreOptions {
  /** The connection to use (the store never closes it; it opens duplicates for pub/sub and waits). */
  redis: Redis;
  /** Prefix of every key and channel. @default 'mcpflow:' */
  prefix?: string;
  /**
   * How long a process waits for the process running a task to take a cancellation or an answer. No answer by
   * then means nobody runs it (the process stopped): the asking process cancels the record or resumes the task
   * itself. @default 2000
   */
  replyTimeoutMs?: number;
}

/** A {@link TaskStore} in Redis; `close()` ends the connections it opened itself. */
export interface RedisTaskStore extends TaskStore {
  close(): Promise<void>;
}

interface Envelope {
  taskId: string;
  message: TaskMessage;
  reply: string;
}

/**
 * MCP tasks in Redis, shared by every server process and worker: a task started through one process is read,
 * answered (`tasks/update`) and cancelled through any other. Records expire with the task's `ttlMs`. Cancellations
 * and answers travel by pub/sub to the process that runs the task live; when none takes them (it stopped), the
 * asking process cancels the record, or resumes a workflow task from its saved snapshot.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * const redis = new Redis('redis://127.0.0.1:6379')
 * createMcpflowServer({ name: 'reports', taskStore: createRedisTaskStore({ redis }), requestStateKey })
 * ```
 */
export function createRedisTaskStore(options: RedisTaskStoreOptions): RedisTaskStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'mcpflow:';
  const channel = `${prefix}task-messages`;
  const replyTimeoutMs = options.replyTimeoutMs ?? 2_000;
  const key = (taskId: string) => `${prefix}task:${taskId}`;
  const handlers = new Set<TaskMessageHandler>();
  let subscriber: Redis | undefined;
  const subscribed = (): void => {
    if (subscriber !== undefined) return;
    subscriber = redis.duplicate();
    // Its failures show in the calls that need it; unheard, ioredis would print every reconnect attempt.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, text: string) => void answer(text));
    void subscriber.subscribe(channel).catch(() => undefined);
  };
  const answer = async (text: string): Promise<void> => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return; // not ours
    }
    const taken = await Promise.all(
      [...handlers].map((handler) => handler(envelope.taskId, envelope.message).catch(() => false)),
    );
    if (taken.includes(true))
      await execAll(redis.multi().lpush(envelope.reply, '1').pexpire(envelope.reply, 10_000)).catch(() => undefined);
  };
  return {
    async get(taskId) {
      const text = await redisCall('task read', () => redis.get(key(taskId)));
      return text === null ? undefined : (JSON.parse(text) as TaskRecord);
    },
    async put(record) {
      const remaining = Date.parse(record.createdAt) + record.ttlMs - Date.now();
      await redisCall('task write', () =>
        redis.set(key(record.taskId), JSON.stringify(record), 'PX', Math.max(1, Math.ceil(remaining))),
      );
    },
    async delete(taskId) {
      await redisCall('task delete', () => redis.del(key(taskId)));
    },
    async send(taskId, message) {
      const reply = `${prefix}task-reply:${randomUUID()}`;
      const envelope: Envelope = { taskId, message, reply };
      // A blocking wait needs a connection of its own.
      const waiter = redis.duplicate();
      waiter.on('error', () => undefined);
      try {
        return await redisCall('task message', async () => {
          const listeners = await redis.publish(channel, JSON.stringify(envelope));
          if (listeners === 0) return false;
          return (await waiter.blpop(reply, replyTimeoutMs / 1000)) !== null;
        });
      } finally {
        waiter.disconnect();
      }
    },
    receive(handler) {
      handlers.add(handler);
      subscribed();
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      const current = subscriber;
      subscriber = undefined;
      await current?.quit().catch(() => undefined);
    },
  };
}
