import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  hostHeaderValidation,
  localhostHostValidation,
  localhostOriginValidation,
  originValidation,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import {
  classifyInboundRequest,
  createMcpHandler,
  type EventStore,
  type ServerEvent,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import { applyCors, type CorsOptions } from './apply-cors.ts';
import { createHttpAuth, type HttpAuthOptions } from './auth/create-http-auth.ts';
import type { McpflowServer } from './create-mcpflow-server.ts';
import { jsonDepthExceeds } from './json-depth-exceeds.ts';
import { LegacySessions } from './legacy-sessions.ts';
import { serverInternals } from './server-internals.ts';
import type { SessionStore } from './session-store.ts';
import { writeJsonRpcError } from './write-json-rpc-error.ts';

/** Options for {@link serveHttp}. */
export interface ServeHttpOptions {
  /** The interface to bind. @default '127.0.0.1' (never all interfaces unless asked) */
  host?: string;
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** The MCP endpoint's path. @default '/mcp' */
  path?: string;
  /** Host header names accepted (DNS-rebinding guard). @default localhost names when bound to loopback */
  allowedHosts?: string[];
  /** Origin host names accepted from browsers. @default localhost names when bound to loopback */
  allowedOrigins?: string[];
  /** Largest request body accepted; larger ones get 413. @default 4 MiB */
  maxBodyBytes?: number;
  /** Deepest nesting of arrays and objects accepted in a request body; deeper ones get 400. @default 64 */
  maxJsonDepth?: number;
  /** How modern-era responses are sent. @default 'auto' */
  responseMode?: 'auto' | 'sse' | 'json';
  /** Lets 2025-era sessions resume broken SSE streams (`Last-Event-ID`). */
  eventStore?: EventStore;
  /**
   * Shares 2025-era sessions between server processes (`createRedisSessionStore` from `mcpflow/redis`): a session
   * opened on one process goes on through any other, also after the first one stopped. @default sessions live in this process
   */
  sessionStore?: SessionStore;
  /**
   * Carries change notifications between server processes (`createRedisEventBus` from `mcpflow/redis`):
   * `notifyListChanged` and `notifyResourceUpdated` in one process reach the clients of all. @default this process only
   */
  bus?: ServerEventBus;
  /** The SSE `retry` field sent to 2025-era sessions: how long a client waits before reconnecting a closed stream. */
  retryIntervalMs?: number;
  /** Lets browser-based clients on other origins call (preflights answered, MCP headers allowed). @default none */
  cors?: CorsOptions;
  /**
   * Requires an OAuth bearer token on every MCP request (401 with a challenge naming the RFC 9728 metadata
   * document, served at `/.well-known/oauth-protected-resource[/path]`). Handlers see it as `context.http.authInfo`.
   * @default none: anyone who passes the Host and Origin checks may call
   */
  auth?: HttpAuthOptions;
  /**
   * Longest a client may take to send its request headers; slower ones (slow-loris) get 408 and are cut.
   * @default 10000
   */
  headersTimeoutMs?: number;
  /**
   * Longest a client may take to send its whole request, body included (a response stream is not limited).
   * @default 30000
   */
  requestTimeoutMs?: number;
  /** Hears failures the server answered with a 500 (the client only sees "Internal error"). */
  onError?: (error: unknown) => void;
}

/** A running HTTP server. */
export interface HttpServerHandle {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3920/mcp`. */
  readonly url: URL;
  /** Stops accepting requests, ends sessions and open streams, and resolves when the socket is closed. */
  close(): Promise<void>;
}

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Serves an mcpflow server over Streamable HTTP on `node:http`, both protocol eras on one endpoint: 2026-07-28
 * requests are served statelessly, 2025-era clients get real sessions (so they still receive elicitation and
 * sampling). Binds 127.0.0.1 by default, with Host and Origin checks against DNS rebinding.
 *
 * @example
 * ```ts
 * const http = await serveHttp(server, { port: 3920 })
 * console.log(`MCP endpoint: ${http.url}`)
 * ```
 */
export async function serveHttp(server: McpflowServer, options: ServeHttpOptions = {}): Promise<HttpServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/mcp';
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const loopback = loopbackHosts.has(host);
  const checkHost =
    options.allowedHosts !== undefined
      ? hostHeaderValidation(options.allowedHosts)
      : loopback
        ? localhostHostValidation()
        : undefined;
  const defaultOriginCheck =
    options.allowedOrigins !== undefined
      ? originValidation(options.allowedOrigins)
      : loopback
        ? localhostOriginValidation()
        : undefined;
  const cors = options.cors;
  // Origins allowed for CORS are allowed by the Origin check too; any other origin still has to pass it.
  const checkOrigin =
    cors === undefined || defaultOriginCheck === undefined
      ? defaultOriginCheck
      : (request: IncomingMessage, response: ServerResponse) => {
          const origin = request.headers.origin;
          if (origin === undefined || cors.origins === '*' || cors.origins.includes(origin)) return true;
          return defaultOriginCheck(request, response);
        };
  // `url` is known once the socket is bound, before any request can arrive.
  const auth = options.auth && createHttpAuth(options.auth, () => url, options.onError);
  const handler = createMcpHandler(server.factory, {
    responseMode: options.responseMode ?? 'auto',
    ...(options.bus === undefined ? {} : { bus: options.bus }),
  });
  const modern = toNodeHandler(handler);
  const sessions = new LegacySessions(server.factory, {
    eventStore: options.eventStore,
    retryIntervalMs: options.retryIntervalMs,
    sessionStore: options.sessionStore,
  });
  // With a shared bus, 2025-era sessions hear every process's changes from it (this one's included).
  const subscriptions = options.bus === undefined ? undefined : serverInternals(server).subscriptions;
  const stopHearing =
    subscriptions === undefined
      ? () => undefined
      : handler.bus.subscribe((event: ServerEvent) =>
          sessions.notify(
            event.kind === 'resource_updated'
              ? { kind: 'resource', uri: event.uri, subscriptions }
              : {
                  kind: 'list',
                  list:
                    event.kind === 'tools_list_changed'
                      ? 'tools'
                      : event.kind === 'prompts_list_changed'
                        ? 'prompts'
                        : 'resources',
                },
          ),
        );
  const stopListening = server.onListChanged((change) => {
    if (subscriptions === undefined) sessions.notify(change);
    if (change.kind === 'resource') handler.notify.resourceUpdated(change.uri);
    else if (change.list === 'tools') handler.notify.toolsChanged();
    else if (change.list === 'prompts') handler.notify.promptsChanged();
    else handler.notify.resourcesChanged();
  });

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (auth?.servesMetadataAt(pathname)) {
      if (checkHost === undefined || checkHost(request, response)) auth.writeMetadata(request, response);
      return;
    }
    if (pathname !== path) return writeJsonRpcError(response, 404, -32601, 'Not found');
    if (options.cors !== undefined && applyCors(request, response, options.cors)) return;
    if (checkHost !== undefined && !checkHost(request, response)) return;
    if (checkOrigin !== undefined && !checkOrigin(request, response)) return;
    // Before the body is read: an unauthenticated client gets nothing buffered or parsed.
    if (auth !== undefined && !(await auth.authenticate(request, response))) return;
    let body: unknown;
    if (request.method === 'POST') {
      const text = await readBody(request, maxBodyBytes);
      if (text === undefined) return writeJsonRpcError(response, 413, -32600, `Request body larger than ${maxBodyBytes} bytes`);
      try {
        body = JSON.parse(text);
      } catch {
        return writeJsonRpcError(response, 400, -32700, 'Parse error: the body is not valid JSON');
      }
      if (jsonDepthExceeds(body, options.maxJsonDepth ?? 64)) {
        return writeJsonRpcError(
          response,
          400,
          -32600,
          `Invalid request: JSON nested deeper than ${options.maxJsonDepth ?? 64} levels`,
        );
      }
    }
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const route = classifyInboundRequest({
      httpMethod: request.method ?? 'GET',
      protocolVersionHeader: header('mcp-protocol-version'),
      mcpMethodHeader: header('mcp-method'),
      body,
    } as Parameters<typeof classifyInboundRequest>[0]);
    if (route.kind === 'legacy') return sessions.handle(request, response, body);
    return modern(request as Parameters<typeof modern>[0], response, body);
  };

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout);
  // Node's defaults (60 s for headers, 300 s per request, checked every 30 s) let a few trickling sockets hold
  // the server for minutes; the check interval bounds how late a timeout is enforced.
  const timeouts = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) };
  const httpServer = createServer(timeouts, (request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.onError?.(error);
      writeJsonRpcError(response, 500, -32603, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = new URL(`http://${urlHost}:${address.port}${path}`);
  return {
    url,
    async close() {
      stopListening();
      stopHearing();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await sessions.closeAll();
      await handler.close();
      httpServer.closeIdleConnections();
      // Open SSE streams would keep close() waiting forever; give them a moment, then cut them.
      const timer = setTimeout(() => httpServer.closeAllConnections(), 1_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** The body as text, or `undefined` when it is larger than `limit` (the rest is drained, not buffered). */
async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks).toString('utf8');
}
