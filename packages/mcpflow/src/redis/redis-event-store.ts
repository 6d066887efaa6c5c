import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import { execAll, redisCall } from './redis-call.ts';

/** Options for {@link createRedisEventStore}. */
export interface RedisEventStoreOptions {
  /** The connection to use (the store never closes it). */
  redis: Redis;
  /** Prefix of every key. @default 'mcpflow:' */
  prefix?: string;
  /** Events kept per stream (approximately; Redis trims in whole nodes). @default 1000 */
  maxEventsPerStream?: number;
  /** How long a stream's events are kept after its last event. @default 3600000 (one hour) */
  ttlMs?: number;
}

/**
 * An event store for 2025-era sessions in Redis streams: a client whose SSE stream broke resumes with
 * `Last-Event-ID` on any server process, not only the one that sent the events. Bounded per stream and expiring.
 *
 * @example
 * ```ts
 * await serveHttp(server, { eventStore: createRedisEventStore({ redis }), sessionStore: createRedisSessionStore({ redis }) })
 * ```
 */
export function createRedisEventStore(options: RedisEventStoreOptions): EventStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'mcpflow:';
  const limit = options.maxEventsPerStream ?? 1000;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const key = (streamId: string) => `${prefix}events:${streamId}`;
  // Event ids are `<stream id>#<Redis entry id>`; stream ids never hold the last '#'.
  const parse = (eventId: string): { streamId: string; entry: string } | undefined => {
    const at = eventId.lastIndexOf('#');
    if (at <= 0 || !/^\d+-\d+$/.test(eventId.slice(at + 1))) return undefined;
    return { streamId: eventId.slice(0, at), entry: eventId.slice(at + 1) };
  };
  return {
    async storeEvent(streamId, message) {
      const [entry] = await redisCall('event write', () =>
        execAll(
          redis
            .multi()
            .xadd(key(streamId), 'MAXLEN', '~', String(limit), '*', 'm', JSON.stringify(message))
            .pexpire(key(streamId), ttlMs),
        ),
      );
      return `${streamId}#${entry}`;
    },
    async getStreamIdForEventId(eventId) {
      const parsed = parse(eventId);
      if (parsed === undefined) return undefined;
      return (await redisCall('event lookup', () => redis.exists(key(parsed.streamId)))) === 1 ? parsed.streamId : undefined;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const parsed = parse(lastEventId);
      if (parsed === undefined) return '';
      const entries = await redisCall('event replay', () => redis.xrange(key(parsed.streamId), `(${parsed.entry}`, '+'));
      for (const [entry, fields] of entries) {
        const text = fields[fields.indexOf('m') + 1];
        if (text !== undefined) await send(`${parsed.streamId}#${entry}`, JSON.parse(text) as JSONRPCMessage);
      }
      return parsed.streamId;
    },
  };
}
