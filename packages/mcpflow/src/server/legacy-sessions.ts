import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import {
  type AuthInfo,
  type EventStore,
  isInitializeRequest,
  type McpServer,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import type { ServerChange } from './create-mcpflow-server.ts';
import { notifyInstance } from './notify-instance.ts';
import { replayInitialize } from './replay-initialize.ts';
import { scopeEventStore } from './scope-event-store.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';
import { writeJsonRpcError } from './write-json-rpc-error.ts';

/**
 * @internal Sessionful Streamable HTTP for 2025-era clients. Per-request stateless serving cannot send them
 * server-to-client requests, so sessions are what lets older clients still receive elicitation and sampling.
 */
export class LegacySessions {
  readonly #sessions = new Map<string, NodeStreamableHTTPServerTransport>();
  readonly #servers = new Map<NodeStreamableHTTPServerTransport, McpServer>();
  /** The authenticated client that opened each session (undefined without auth). */
  readonly #owners = new Map<NodeStreamableHTTPServerTransport, string | undefined>();
  readonly #factory: McpServerFactory;
  readonly #eventStore: EventStore | undefined;
  readonly #retryIntervalMs: number | undefined;
  readonly #store: SessionStore | undefined;
  /** Sessions being taken over from another process, so concurrent requests restore one transport. */
  readonly #restoring = new Map<string, Promise<NodeStreamableHTTPServerTransport>>();
  /** With a shared store: when each session was last used here, and how many of its responses are still open. */
  readonly #activity = new Map<string, { lastSeen: number; open: number }>();
  readonly #sweep: ReturnType<typeof setInterval> | undefined;

  constructor(
    factory: McpServerFactory,
    options: { eventStore: EventStore | undefined; retryIntervalMs: number | undefined; sessionStore?: SessionStore | undefined },
  ) {
    this.#factory = factory;
    this.#eventStore = options.eventStore;
    this.#retryIntervalMs = options.retryIntervalMs;
    this.#store = options.sessionStore;
    const idleTtlMs = this.#store?.idleTtlMs;
    if (idleTtlMs !== undefined) {
      this.#sweep = setInterval(() => void this.#renewAndDrop(idleTtlMs), Math.min(60_000, idleTtlMs / 3));
      this.#sweep.unref();
    }
  }

  /** Keeps listened-to sessions alive in the store; drops this process's copies of idle ones (the store keeps them). */
  async #renewAndDrop(idleTtlMs: number): Promise<void> {
    const now = Date.now();
    for (const [sessionId, activity] of this.#activity) {
      if (activity.open > 0) await this.#store?.touch(sessionId).catch(() => undefined);
      else if (now - activity.lastSeen > idleTtlMs) {
        this.#activity.delete(sessionId);
        void this.#sessions.get(sessionId)?.close();
      }
    }
  }

  #track(sessionId: string, response: ServerResponse): void {
    if (this.#store?.idleTtlMs === undefined) return;
    const activity = this.#activity.get(sessionId) ?? { lastSeen: 0, open: 0 };
    activity.lastSeen = Date.now();
    activity.open += 1;
    this.#activity.set(sessionId, activity);
    response.once('close', () => {
      activity.open -= 1;
      activity.lastSeen = Date.now();
    });
  }

  get size(): number {
    return this.#sessions.size;
  }

  async handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId !== undefined) {
      let transport = this.#sessions.get(sessionId);
      if (this.#store !== undefined) {
        // The shared record is the truth: a session ended elsewhere ends here; one opened elsewhere is taken over.
        const record = await this.#store.touch(sessionId);
        if (record === undefined) {
          if (transport !== undefined) void transport.close();
          return writeJsonRpcError(response, 404, -32001, 'Session not found');
        }
        if (record.owner !== clientOf(request)) return writeJsonRpcError(response, 404, -32001, 'Session not found');
        transport ??= await this.#takeOver(sessionId, record);
      }
      // The spec: an unknown session id is a 404, which tells the client to initialize again. A session belongs
      // to the client that opened it (MCP security best practices: bind sessions to the user), so a leaked id is
      // no use to another token's holder; it is told the same, revealing nothing.
      if (transport === undefined || this.#owners.get(transport) !== clientOf(request))
        return writeJsonRpcError(response, 404, -32001, 'Session not found');
      this.#track(sessionId, response);
      return transport.handleRequest(request, response, body);
    }
    if (request.method !== 'POST' || !isInitializeRequest(body)) {
      return writeJsonRpcError(response, 400, -32000, 'Bad Request: no valid session id provided');
    }
    const owner = clientOf(request);
    const transport = await this.#open(randomUUID(), owner, async (id) => {
      this.#sessions.set(id, transport);
      if (this.#store?.idleTtlMs !== undefined) this.#activity.set(id, { lastSeen: Date.now(), open: 0 });
      await this.#store?.save(id, { owner, initialize: body, createdAt: new Date().toISOString() });
    });
    await transport.handleRequest(request, response, body);
  }

  /** A transport and SDK server for one session; `initialized` runs once its id is set. */
  async #open(
    id: string,
    owner: string | undefined,
    initialized: (id: string) => Promise<void>,
  ): Promise<NodeStreamableHTTPServerTransport> {
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      ...(this.#eventStore === undefined ? {} : { eventStore: scopeEventStore(this.#eventStore, () => transport.sessionId) }),
      ...(this.#retryIntervalMs === undefined ? {} : { retryInterval: this.#retryIntervalMs }),
      onsessioninitialized: initialized,
      onsessionclosed: async (sessionId) => {
        if (sessionId !== undefined) await this.#store?.delete(sessionId);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined && this.#sessions.get(transport.sessionId) === transport) {
        this.#sessions.delete(transport.sessionId);
        this.#activity.delete(transport.sessionId);
      }
      this.#servers.delete(transport);
      this.#owners.delete(transport);
    };
    this.#owners.set(transport, owner);
    const server = await this.#factory({ era: 'legacy' } as Parameters<McpServerFactory>[0]);
    this.#servers.set(transport, server as McpServer);
    await server.connect(transport);
    return transport;
  }

  /**
   * Serves a session another process opened (it may have stopped): a fresh transport and server under the same
   * id, initialized by replaying the client's own `initialize`, so the negotiated version and the client's
   * capabilities are what the client agreed with the first process.
   */
  #takeOver(sessionId: string, record: SessionRecord): Promise<NodeStreamableHTTPServerTransport> {
    let restoring = this.#restoring.get(sessionId);
    if (restoring === undefined) {
      restoring = this.#open(sessionId, record.owner, async () => undefined)
        .then(async (transport) => {
          await replayInitialize(transport, sessionId, record.initialize);
          this.#sessions.set(sessionId, transport);
          return transport;
        })
        .finally(() => this.#restoring.delete(sessionId));
      this.#restoring.set(sessionId, restoring);
    }
    return restoring;
  }

  /** Sends a change notification on every open session (resource updates only where subscribed). */
  notify(change: ServerChange): void {
    for (const server of this.#servers.values()) notifyInstance(server, change);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweep);
    const transports = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(transports.map((transport) => transport.close()));
  }
}

function clientOf(request: IncomingMessage): string | undefined {
  return (request as IncomingMessage & { auth?: AuthInfo }).auth?.clientId;
}
