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

  constructor(factory: McpServerFactory, options: { eventStore: EventStore | undefined; retryIntervalMs: number | undefined }) {
    this.#factory = factory;
    this.#eventStore = options.eventStore;
    this.#retryIntervalMs = options.retryIntervalMs;
  }

  get size(): number {
    return this.#sessions.size;
  }

  async handle(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId !== undefined) {
      const transport = this.#sessions.get(sessionId);
      // The spec: an unknown session id is a 404, which tells the client to initialize again. A session belongs
      // to the client that opened it (MCP security best practices: bind sessions to the user), so a leaked id is
      // no use to another token's holder; it is told the same, revealing nothing.
      if (transport === undefined || this.#owners.get(transport) !== clientOf(request))
        return writeJsonRpcError(response, 404, -32001, 'Session not found');
      return transport.handleRequest(request, response, body);
    }
    if (request.method !== 'POST' || !isInitializeRequest(body)) {
      return writeJsonRpcError(response, 400, -32000, 'Bad Request: no valid session id provided');
    }
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      ...(this.#eventStore === undefined ? {} : { eventStore: this.#eventStore }),
      ...(this.#retryIntervalMs === undefined ? {} : { retryInterval: this.#retryIntervalMs }),
      onsessioninitialized: (id) => {
        this.#sessions.set(id, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.#sessions.delete(transport.sessionId);
      this.#servers.delete(transport);
      this.#owners.delete(transport);
    };
    this.#owners.set(transport, clientOf(request));
    const server = await this.#factory({ era: 'legacy' } as Parameters<McpServerFactory>[0]);
    this.#servers.set(transport, server as McpServer);
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  /** Sends a change notification on every open session (resource updates only where subscribed). */
  notify(change: ServerChange): void {
    for (const server of this.#servers.values()) notifyInstance(server, change);
  }

  async closeAll(): Promise<void> {
    const transports = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(transports.map((transport) => transport.close()));
  }
}

function clientOf(request: IncomingMessage): string | undefined {
  return (request as IncomingMessage & { auth?: AuthInfo }).auth?.clientId;
}
