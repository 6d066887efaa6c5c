/** What another process needs to take over a 2025-era session: who opened it and how it was initialized. */
export interface SessionRecord {
  /** The authenticated client that opened it (`undefined` without auth); only it may use the session. */
  owner: string | undefined;
  /** The client's `initialize` request, replayed when another process takes the session over. */
  initialize: unknown;
  createdAt: string;
}

/**
 * Where 2025-era session metadata is shared between server processes (`createRedisSessionStore` from
 * `mcpflow/redis`), so that a session opened on one process goes on through any other, including after the first
 * one stopped. Without one, sessions live and die with the process that opened them.
 */
export interface SessionStore {
  /**
   * How long an unused session lives. When set, each process renews the sessions it holds an open stream for
   * (a client only listening sends no requests) and drops its copies of sessions idle this long.
   */
  readonly idleTtlMs?: number;
  save(sessionId: string, record: SessionRecord): Promise<void>;
  /** The session's record, its idle timeout restarted; `undefined` when unknown, expired or ended. */
  touch(sessionId: string): Promise<SessionRecord | undefined>;
  /** Ends the session for every process (the client sent `DELETE`). */
  delete(sessionId: string): Promise<void>;
}
