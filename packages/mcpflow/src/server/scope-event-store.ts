import type { EventStore } from '@modelcontextprotocol/server';

/**
 * @internal An event store view for one session: stream ids are prefixed with the session id, so that one
 * session's `Last-Event-ID` can neither replay another session's events nor collide with its standalone
 * `GET` stream (which the SDK names the same in every session).
 */
export function scopeEventStore(store: EventStore, sessionId: () => string | undefined): EventStore {
  const prefix = () => `${sessionId() ?? 'pending'}/`;
  const scoped: EventStore = {
    storeEvent: (streamId, message) => store.storeEvent(`${prefix()}${streamId}`, message),
    async replayEventsAfter(lastEventId, { send }) {
      const streamId = await streamOf(lastEventId);
      if (streamId === undefined) return '';
      const replayed = await store.replayEventsAfter(lastEventId, { send });
      return replayed.slice(prefix().length);
    },
  };
  const streamOf = async (eventId: string): Promise<string | undefined> => {
    // A store that cannot tell an event's stream cannot tell its session either: no resuming from it.
    const streamId = await store.getStreamIdForEventId?.(eventId);
    return streamId?.startsWith(prefix()) === true ? streamId : undefined;
  };
  scoped.getStreamIdForEventId = async (eventId) => (await streamOf(eventId))?.slice(prefix().length);
  return scoped;
}
