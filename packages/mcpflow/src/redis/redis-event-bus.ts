import type { ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';

/** Options for {@link createRedisEventBus}. */
export interface RedisEventBusOptions {
  /** The connection to publish on (the bus never closes it; it opens a duplicate to subscribe). */
  redis: Redis;
  /** Prefix of the channel. @default 'mcpflow:' */
  prefix?: string;
}

/** A {@link ServerEventBus} over Redis pub/sub; `close()` ends the subscription it opened. */
export interface RedisEventBus extends ServerEventBus {
  close(): Promise<void>;
}

/**
 * Change notifications between server processes: with `serveHttp(server, { bus })` in every process,
 * `server.notifyListChanged()` and `server.notifyResourceUpdated(uri)` called in one process reach the clients of
 * all of them (2026-07-28 `subscriptions/listen` streams and 2025-era sessions alike). Delivery is at most once:
 * a process that is not subscribed at that moment misses the event, as the SDK's in-process bus would.
 *
 * @example
 * ```ts
 * await serveHttp(server, { bus: createRedisEventBus({ redis }), sessionStore: createRedisSessionStore({ redis }) })
 * ```
 */
export function createRedisEventBus(options: RedisEventBusOptions): RedisEventBus {
  const { redis } = options;
  const channel = `${options.prefix ?? 'mcpflow:'}server-events`;
  const listeners = new Set<(event: ServerEvent) => void>();
  const subscriber = redis.duplicate();
  // Connection trouble: events are missed meanwhile (at most once); unheard, ioredis would print every retry.
  subscriber.on('error', () => undefined);
  const ready = subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, text: string) => {
    let event: ServerEvent;
    try {
      event = JSON.parse(text) as ServerEvent;
    } catch {
      return; // not ours
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One listener's failure must not keep the event from the others.
      }
    }
  });
  return {
    publish(event) {
      void ready.then(() => redis.publish(channel, JSON.stringify(event))).catch(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await subscriber.quit().catch(() => undefined);
    },
  };
}
