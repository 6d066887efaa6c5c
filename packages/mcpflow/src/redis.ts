/**
 * Node-only shared state for running mcpflow servers as several processes: MCP tasks, 2025-era sessions, their
 * resumable event streams, workflow snapshots and change notifications in Redis (`ioredis`), and workflow tasks run
 * by workers through BullMQ. Install the optional peers first: `npm install ioredis bullmq`. This entry point is the complete public
 * surface of `mcpflow/redis`.
 *
 * @module
 */
export {
  type BullmqTaskQueue,
  type BullmqTaskQueueOptions,
  createBullmqTaskQueue,
  startTaskWorker,
  type TaskWorker,
  type TaskWorkerOptions,
} from './redis/bullmq-task-queue.ts';
export { createRedisEventBus, type RedisEventBus, type RedisEventBusOptions } from './redis/redis-event-bus.ts';
export { createRedisEventStore, type RedisEventStoreOptions } from './redis/redis-event-store.ts';
export { createRedisSessionStore, type RedisSessionStoreOptions } from './redis/redis-session-store.ts';
export { createRedisSnapshotStore, type RedisSnapshotStoreOptions } from './redis/redis-snapshot-store.ts';
export { createRedisTaskStore, type RedisTaskStore, type RedisTaskStoreOptions } from './redis/redis-task-store.ts';
