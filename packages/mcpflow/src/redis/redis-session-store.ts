import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from '../server/session-store.ts';
import { redisCall } from './redis-call.ts';

/** Options for {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions {
  /** The connection to use (the store never closes it). */
  redis: Redis;
  /** Prefix of every key. @default 'mcpflow:' */
  prefix?: string;
  /** A session unused this long ends (every request restarts the clock). @default 3600000 (one hour) */
  idleTtlMs?: number;
}

/**
 * 2025-era session metadata in Redis, for `serveHttp({ sessionStore })`: who opened each session and its
 * `initialize` request, so any server process serves any session and takes over those of a process that stopped.
 *
 * @example
 * ```ts
 * await serveHttp(server, { sessionStore: createRedisSessionStore({ redis }), eventStore: createRedisEventStore({ redis }) })
 * ```
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'mcpflow:';
  const idleTtlMs = options.idleTtlMs ?? 3_600_000;
  const key = (sessionId: string) => `${prefix}session:${sessionId}`;
  return {
    idleTtlMs,
    async save(sessionId, record) {
      await redisCall('session write', () => redis.set(key(sessionId), JSON.stringify(record), 'PX', idleTtlMs));
    },
    async touch(sessionId) {
      const text = await redisCall('session read', () => redis.getex(key(sessionId), 'PX', idleTtlMs));
      return text === null ? undefined : (JSON.parse(text) as SessionRecord);
    },
    async delete(sessionId) {
      await redisCall('session delete', () => redis.del(key(sessionId)));
    },
  };
}
