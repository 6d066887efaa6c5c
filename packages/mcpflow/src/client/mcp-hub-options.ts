import type {
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  FetchLike,
  LoggingLevel,
  Root,
} from '@modelcontextprotocol/client';
import type { HubOAuthOptions } from './oauth/oauth-settings.ts';
import type { ReconnectOptions } from './server-connection.ts';
import type { EraOption } from './server-definition.ts';

/** Which server a server-initiated request came from. */
export interface ServerRequestContext {
  server: string;
}

/** Answers `sampling/createMessage`: run the messages through a language model and return its reply. */
export type SamplingHandler = (
  params: CreateMessageRequest['params'],
  context: ServerRequestContext,
) => Promise<CreateMessageResult>;

/** Answers `elicitation/create` (form or URL mode): ask the user and return `accept` with content, `decline` or `cancel`. */
export type ElicitationHandler = (params: ElicitRequest['params'], context: ServerRequestContext) => Promise<ElicitResult>;

/** Answers `roots/list`: the directories or URIs the server may work in. */
export type RootsHandler = (context: ServerRequestContext) => Root[] | Promise<Root[]>;

/** One log line for `logger`: a server's `notifications/message`, or the hub's own diagnostics (`source: 'hub'`). */
export interface HubLogEntry {
  server: string;
  source: 'server' | 'hub';
  level: LoggingLevel;
  /** The server's logger name, when it gave one. */
  logger?: string;
  /** What the server sent (any JSON value), or the hub's message. */
  data: unknown;
}

/** Options for `createMcpHub`. */
export interface McpHubOptions {
  /** `eager` starts every server now (in parallel); `lazy` starts a server when first needed. @default 'eager' */
  connect?: 'eager' | 'lazy';
  /** Era negotiation for servers that do not set their own. @default 'legacy' */
  era?: EraOption;
  /** Between prefix and name in exposed names. @default '__' */
  separator?: string;
  /** Limit for starting a server and finishing the handshake. @default 30000 */
  connectTimeoutMs?: number;
  /** Default limit for one request; progress notifications restart it. @default 60000 */
  requestTimeoutMs?: number;
  /** Reconnection after a lost connection, or `false` to leave the server `failed`. @default { maxAttempts: 5 } */
  reconnect?: ReconnectOptions | false;
  /** Lines of stderr kept per server. @default 200 */
  stderrLines?: number;
  /** Coalesces bursts of `list_changed` notifications. @default 100 */
  listChangedDebounceMs?: number;
  /** The client identity sent to servers. @default { name: 'mcpflow', version: '0.1.0' } */
  clientInfo?: { name: string; version: string };
  /** Variables for `${env:NAME}` in the configuration. @default process.env */
  env?: Record<string, string | undefined>;
  /** Enables the `sampling` capability and answers sampling requests. */
  sampling?: SamplingHandler;
  /** Enables the `elicitation` capability (form and URL modes) and answers elicitation requests. */
  elicitation?: ElicitationHandler;
  /** Enables the `roots` capability: a fixed list, or a function asked on every `roots/list`. */
  roots?: Root[] | RootsHandler;
  /** Receives server log notifications and hub diagnostics; without it they are dropped (never printed). */
  logger?: (entry: HubLogEntry) => void;
  /** Asks servers that support logging to send messages from this level up (2025-era connections). */
  logLevel?: LoggingLevel;
  /** OAuth for HTTP servers: the credential store, the browser hand-off, custom SDK providers. */
  oauth?: HubOAuthOptions;
  /** The `fetch` for HTTP servers and their authorization servers (proxies, custom TLS, tests). @default globalThis.fetch */
  fetch?: FetchLike;
}
