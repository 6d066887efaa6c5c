import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

/** Options for {@link createMemoryEventStore}. */
export interface MemoryEventStoreOptions {
  /** Events kept per stream; older ones are dropped (a client that falls that far behind re-initializes). @default 1000 */
  maxEventsPerStream?: number;
}

/**
 * An in-memory event store for 2025-era sessions: SSE events get ids, and a client whose stream broke resumes with
 * `Last-Event-ID` and receives what it missed. One process only; bounded per stream so memory cannot grow without end.
 *
 * @example
 * ```ts
 * await serveHttp(server, { eventStore: createMemoryEventStore() })
 * ```
 */
export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): EventStore {
  const limit = options.maxEventsPerStream ?? 1000;
  const streams = new Map<string, { id: string; message: JSONRPCMessage }[]>();
  const streamOfEvent = new Map<string, string>();
  let sequence = 0;
  return {
    async storeEvent(streamId, message) {
      sequence += 1;
      const id = `${streamId}_${sequence}`;
      let events = streams.get(streamId);
      if (events === undefined) {
        events = [];
        streams.set(streamId, events);
      }
      events.push({ id, message });
      streamOfEvent.set(id, streamId);
      if (events.length > limit) {
        const dropped = events.shift();
        if (dropped !== undefined) streamOfEvent.delete(dropped.id);
      }
      return id;
    },
    async getStreamIdForEventId(eventId) {
      return streamOfEvent.get(eventId);
    },
    async replayEventsAfter(lastEventId, { send }) {
      const streamId = streamOfEvent.get(lastEventId);
      if (streamId === undefined) return '';
      const events = streams.get(streamId) ?? [];
      const start = events.findIndex((event) => event.id === lastEventId);
      for (const event of events.slice(start + 1)) await send(event.id, event.message);
      return streamId;
    },
  };
}
