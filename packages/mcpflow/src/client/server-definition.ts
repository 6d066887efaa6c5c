import type { OAuthSettings } from './oauth/oauth-settings.ts';

/**
 * How the hub negotiates the protocol era with a server, passed to the SDK's `versionNegotiation`:
 * `'legacy'` runs the 2025 `initialize` handshake (the SDK default), `'auto'` probes `server/discover` first and
 * falls back (on stdio the probe costs one extra short-lived process), `{ pin: '2026-07-28' }` insists on the
 * modern era and fails otherwise.
 */
export type EraOption = 'legacy' | 'auto' | { pin: string };

/** Settings every server has, whatever its transport. Produced by {@link parseHubConfig}. */
export interface ServerDefinitionBase {
  /** The server's key in the configuration. */
  name: string;
  /** Disabled servers are listed with status `disabled` and never started. */
  disabled: boolean;
  /** The prefix of this server's exposed tool and prompt names. @default the server name */
  prefix: string;
  /** Limit for starting the server and finishing the handshake, in ms. @default the hub's `connectTimeoutMs` */
  connectTimeoutMs?: number;
  /** Default limit for one request to this server, in ms. @default the hub's `requestTimeoutMs` */
  requestTimeoutMs?: number;
  /** Picomatch globs over the server's own tool names; when present, only matching tools are exposed. */
  include?: string[];
  /** Picomatch globs over the server's own tool names; matching tools are never exposed (wins over `include`). */
  exclude?: string[];
  /** Era negotiation for this server. @default the hub's `era` */
  era?: EraOption;
}

/** A server the hub starts as a child process and talks to over stdin/stdout. */
export interface StdioServerDefinition extends ServerDefinitionBase {
  transport: 'stdio';
  command: string;
  args: string[];
  /** Variables laid over the hub's own environment (never replacing it, so `PATH` survives). */
  env: Record<string, string>;
  cwd?: string;
}

/** A server reached over HTTP: Streamable HTTP (`http`) or the older HTTP+SSE transport (`sse`). */
export interface HttpServerDefinition extends ServerDefinitionBase {
  transport: 'http' | 'sse';
  url: string;
  headers: Record<string, string>;
  /**
   * OAuth for this server. Absent: the hub answers a 401 with the default flow (authorization code + PKCE) unless
   * an `Authorization` header is configured; `false`: never.
   */
  oauth?: OAuthSettings | false;
}

/** One configured server after parsing, interpolation and defaults. */
export type ServerDefinition = StdioServerDefinition | HttpServerDefinition;
