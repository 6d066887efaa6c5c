import type { Client, FetchLike } from '@modelcontextprotocol/client';
import { SdkHttpError } from '@modelcontextprotocol/client';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { type RetryPolicy, retryDelay } from '../workflow/retry-policy.ts';
import { createLineBuffer } from './create-line-buffer.ts';
import { createTransport, type HubTransport } from './create-transport.ts';
import { deliverProgressFirst } from './deliver-progress-first.ts';
import type { ServerAuthorization } from './oauth/create-server-authorization.ts';
import type { ServerDefinition } from './server-definition.ts';
import { terminateProcess } from './terminate-process.ts';
import { describeError, toClientError } from './to-client-error.ts';

/**
 * Where a server stands: `idle` (lazy, not started yet), `connecting` (starting or reconnecting), `ready`,
 * `failed` (the last attempt failed; the next call tries again), `closed` (the hub was closed), `disabled` (config).
 */
export type ServerStatus = 'idle' | 'connecting' | 'ready' | 'failed' | 'closed' | 'disabled';

/** A snapshot of one server's state, from `hub.servers()`. */
export interface ServerInfo {
  name: string;
  transport: ServerDefinition['transport'];
  status: ServerStatus;
  /** Why the last connection attempt failed or the connection was lost. Cleared when the server becomes ready. */
  lastError: McpflowError | undefined;
  /** The child's process id while a stdio server runs. */
  pid: number | undefined;
  /** The negotiated protocol era and version while connected. */
  era: 'legacy' | 'modern' | undefined;
  protocolVersion: string | undefined;
  /** How many times the connection was re-established after a loss. */
  reconnects: number;
}

/** Automatic reconnection after a connection is lost (never after a failed first start). */
export interface ReconnectOptions {
  /** Attempts per loss before the server counts as `failed`. @default 5 */
  maxAttempts?: number;
  /** Delay before the first attempt, doubled each time. @default 250 */
  initialDelayMs?: number;
  /** Upper bound of one delay. @default 10000 */
  maxDelayMs?: number;
}

/** What the hub hands a connection. */
export interface ServerConnectionOptions {
  definition: ServerDefinition;
  connectTimeoutMs: number;
  reconnect: ReconnectOptions | false;
  stderrLines: number;
  /** A fresh SDK client with the hub's capabilities and handlers (one per attempt). */
  createClient(): Client;
  /** Runs after the handshake, before the server counts as ready (the hub loads the catalog here). */
  prepare(client: Client): Promise<void>;
  /** Hub-level diagnostics (reconnect attempts, transport errors). */
  report(level: 'info' | 'warning' | 'debug', message: string): void;
  /** OAuth for this server, when it uses it. */
  authorization?: ServerAuthorization | undefined;
  /** The hub's `fetch` for HTTP servers. */
  fetch?: FetchLike | undefined;
}

/** One server's persistent connection, with status, reconnection and stderr capture. */
export interface ServerConnection {
  readonly definition: ServerDefinition;
  info(): ServerInfo;
  stderr(): string[];
  /** Starts an idle or failed server; resolves when this attempt settles (never rejects). */
  start(): Promise<void>;
  /** A ready client: waits for a connection in progress (bounded by the connect timeout) or starts one. */
  acquire(): Promise<Client>;
  /** The client when the server is ready right now, without waiting (the hot path of every call). */
  readyClient(): Client | undefined;
  /** Tells the connection that `client` broke (an HTTP request failed at the network level). */
  reportBroken(client: Client): void;
  /**
   * After a request failed: finishes an OAuth authorization that request started (step-up, expiry without a
   * refresh token, a moved authorization server). `true` means the request is worth retrying.
   */
  authorize(): Promise<boolean>;
  /** Ends the connection for good; the child process is gone when this resolves. */
  close(): Promise<void>;
}

interface Attached {
  client: Client;
  hubTransport: HubTransport;
}

/** Streamable HTTP refused by an older server: it answers 404/405 to the POST and only speaks HTTP+SSE. */
function refusesStreamableHttp(error: unknown): boolean {
  return error instanceof SdkHttpError && (error.status === 404 || error.status === 405);
}

async function detach(attached: Attached): Promise<void> {
  // Closing on purpose is not a loss: silence the handler that would start reconnecting.
  attached.client.onclose = () => undefined;
  const pid = attached.hubTransport.pid();
  const closing = attached.client.close().catch(() => undefined);
  if (pid !== undefined) await terminateProcess(pid);
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
}

/**
 * Creates the connection for one configured server. It owns one SDK `Client` at a time; when that connection is
 * lost it reconnects with exponential backoff, and calls that were in flight are rejected by the SDK at once.
 */
export function createServerConnection(options: ServerConnectionOptions): ServerConnection {
  const { definition } = options;
  const server = definition.name;
  const stderr = createLineBuffer(options.stderrLines);
  const stopped = new AbortController();
  let status: ServerStatus = definition.disabled ? 'disabled' : 'idle';
  let lastError: McpflowError | undefined;
  let attached: Attached | undefined;
  let ready: Client | undefined;
  let pending: Promise<void> | undefined;
  let reconnects = 0;

  const setStatus = (next: ServerStatus) => {
    if (status !== 'closed') status = next;
  };

  // An interactive authorization ends the first attempt with a 401; once the user has authorised, the next
  // attempt connects with the tokens. Bounded, so a server that keeps refusing fresh tokens cannot loop.
  const attempt = async (useSse = false): Promise<void> => {
    for (let round = 1; ; round += 1) {
      try {
        return await attemptOnce(useSse);
      } catch (error) {
        if (round >= 3 || options.authorization === undefined || !(await options.authorization.complete())) throw error;
      }
    }
  };

  const attemptOnce = async (useSse: boolean): Promise<void> => {
    await options.authorization?.prepare();
    const hubTransport = createTransport(definition, stderr, useSse, {
      authorization: options.authorization,
      fetch: options.fetch,
    });
    const client = options.createClient();
    const current: Attached = { client, hubTransport };
    attached = current;
    client.onclose = () => {
      if (ready === client) void lose(client, 'the connection closed');
    };
    client.onerror = (error) => options.report('debug', `transport error: ${describeError(error)}`);
    try {
      await client.connect(hubTransport.transport, { timeout: options.connectTimeoutMs });
      deliverProgressFirst(hubTransport.transport);
      await options.prepare(client);
      if (stopped.signal.aborted) throw new McpflowError('CONNECTION_CLOSED', `Server "${server}": the hub was closed`);
    } catch (error) {
      await detach(current);
      if (attached === current) attached = undefined;
      if (definition.transport === 'http' && !useSse && refusesStreamableHttp(error)) return attempt(true);
      throw toClientError(error, { server, operation: 'connect' });
    }
    ready = client;
    lastError = undefined;
    setStatus('ready');
  };

  const track = (work: Promise<void>): Promise<void> => {
    const settled = work.finally(() => {
      if (pending === settled) pending = undefined;
    });
    pending = settled;
    return settled;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopped.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const reconnectLoop = async (settings: ReconnectOptions): Promise<void> => {
    const policy: RetryPolicy = {
      maxAttempts: settings.maxAttempts ?? 5,
      initialDelayMs: settings.initialDelayMs ?? 250,
      maxDelayMs: settings.maxDelayMs ?? 10_000,
    };
    for (let number = 1; number <= policy.maxAttempts; number += 1) {
      await sleep(retryDelay(policy, number));
      if (stopped.signal.aborted) return;
      try {
        await attempt();
        reconnects += 1;
        options.report('info', `reconnected after ${number} attempt(s)`);
        return;
      } catch (error) {
        lastError = toClientError(error, { server, operation: 'connect' });
        options.report('warning', `reconnect attempt ${number} failed: ${lastError.message}`);
      }
    }
    setStatus('failed');
  };

  const lose = async (client: Client, reason: string): Promise<void> => {
    if (ready !== client) return;
    ready = undefined;
    lastError = new McpflowError('CONNECTION_CLOSED', `Server "${server}": ${reason}`, { data: { server } });
    options.report('warning', reason);
    const lost = attached;
    attached = undefined;
    if (options.reconnect === false) setStatus('failed');
    else setStatus('connecting');
    const settings = options.reconnect;
    await track(
      (async () => {
        if (lost !== undefined) await detach(lost);
        if (settings !== false) await reconnectLoop(settings);
      })(),
    );
  };

  const start = (): Promise<void> => {
    if (pending !== undefined) return pending;
    if (status !== 'idle' && status !== 'failed') return Promise.resolve();
    setStatus('connecting');
    return track(
      attempt().catch((error: unknown) => {
        lastError = toClientError(error, { server, operation: 'connect' });
        setStatus('failed');
      }),
    );
  };

  const unavailable = (): McpflowError => {
    if (status === 'closed') return new McpflowError('CONNECTION_CLOSED', `Server "${server}" is closed`, { data: { server } });
    if (status === 'disabled')
      return new McpflowError('CONNECTION_FAILED', `Server "${server}" is disabled`, { data: { server } });
    return (
      lastError ??
      new McpflowError('CONNECTION_FAILED', `Server "${server}" is not connected (status ${status})`, { data: { server } })
    );
  };

  return {
    definition,
    info: () => ({
      name: server,
      transport: definition.transport,
      status,
      lastError,
      pid: attached?.hubTransport.pid(),
      era: ready?.getProtocolEra(),
      protocolVersion: ready?.getNegotiatedProtocolVersion(),
      reconnects,
    }),
    stderr: () => stderr.lines(),
    start,
    async acquire() {
      if (ready !== undefined && status === 'ready') return ready;
      if (status === 'idle' || status === 'failed') await start();
      else if (pending !== undefined) {
        // Wait for the attempt in progress, but never longer than one connect would take.
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.connectTimeoutMs);
        });
        await Promise.race([pending, limit]).finally(() => clearTimeout(timer));
      }
      if (ready !== undefined && status === 'ready') return ready;
      throw unavailable();
    },
    readyClient: () => (status === 'ready' ? ready : undefined),
    reportBroken(client) {
      void lose(client, 'the connection failed');
    },
    authorize: async () => (await options.authorization?.complete()) ?? false,
    async close() {
      status = 'closed';
      stopped.abort();
      ready = undefined;
      const current = attached;
      attached = undefined;
      if (current !== undefined) await detach(current);
      await options.authorization?.close();
      await pending?.catch(() => undefined);
    },
  };
}
