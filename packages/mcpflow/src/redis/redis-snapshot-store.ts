import type { Redis } from 'ioredis';
import { deserialiseSnapshot, type SnapshotStore, type SnapshotSummary, serialiseSnapshot } from '../workflow/snapshot-store.ts';
import { execAll, redisCall } from './redis-call.ts';

// Takes a snapshot only if its summary says it is the save made at ARGV[2]: compare and delete in one step.
const takeScript = `
local summary = redis.call('HGET', KEYS[2], ARGV[1])
if not summary or cjson.decode(summary).savedAt ~= tonumber(ARGV[2]) then return false end
local text = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return text
`;

/** Options for {@link createRedisSnapshotStore}. */
export interface RedisSnapshotStoreOptions {
  /** The connection to use (the store never closes it). */
  redis: Redis;
  /** Prefix of every key. @default 'mcpflow:' */
  prefix?: string;
}

/**
 * Workflow snapshots in Redis, shared by every process: a run paused for a client's input on one server process
 * (a multi-round-trip round) resumes on whichever process receives the client's retry.
 *
 * @example
 * ```ts
 * createMcpflowServer({ name: 'reports', snapshotStore: createRedisSnapshotStore({ redis }), requestStateKey })
 * ```
 */
export function createRedisSnapshotStore(options: RedisSnapshotStoreOptions): SnapshotStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'mcpflow:';
  const key = (runId: string) => `${prefix}snapshot:${runId}`;
  const index = `${prefix}snapshots`;
  return {
    async take(runId, savedAt) {
      const text = (await redisCall('snapshot take', () =>
        redis.eval(takeScript, 2, key(runId), index, runId, String(savedAt)),
      )) as string | null;
      return text === null ? undefined : deserialiseSnapshot(text);
    },
    async save(snapshot) {
      const summary: SnapshotSummary = { runId: snapshot.runId, workflow: snapshot.workflow, savedAt: snapshot.savedAt };
      const text = serialiseSnapshot(snapshot);
      await redisCall('snapshot write', () =>
        execAll(redis.multi().set(key(snapshot.runId), text).hset(index, snapshot.runId, JSON.stringify(summary))),
      );
    },
    async load(runId) {
      const text = await redisCall('snapshot read', () => redis.get(key(runId)));
      return text === null ? undefined : deserialiseSnapshot(text);
    },
    async delete(runId) {
      await redisCall('snapshot delete', () => execAll(redis.multi().del(key(runId)).hdel(index, runId)));
    },
    async list(filter = {}) {
      const summaries = Object.values(await redisCall('snapshot list', () => redis.hgetall(index))).map(
        (text) => JSON.parse(text) as SnapshotSummary,
      );
      return summaries
        .filter((summary) => filter.workflow === undefined || summary.workflow === filter.workflow)
        .sort((a, b) => a.savedAt - b.savedAt || a.runId.localeCompare(b.runId));
    },
  };
}
