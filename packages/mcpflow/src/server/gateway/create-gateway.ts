import { createMcpHub } from '../../client/create-mcp-hub.ts';
import type { McpHub } from '../../client/mcp-hub.ts';
import type { McpHubOptions } from '../../client/mcp-hub-options.ts';
import type { McpHubConfig } from '../../client/parse-hub-config.ts';
import { createMcpflowServer, type McpflowServer, type McpflowServerOptions } from '../create-mcpflow-server.ts';
import { forwardElicitation, forwardSampling } from './forward-server-requests.ts';
import type { MountOptions } from './mount-hub.ts';

/** Options for {@link createGateway}: the server's, plus the hub's and the mount's. */
export interface GatewayOptions extends McpflowServerOptions {
  /** How the hub connects to the downstream servers; elicitation and sampling are always forwarded upstream. */
  hub?: Omit<McpHubOptions, 'elicitation' | 'sampling'>;
  /** Prefix and filters for what is served. */
  mount?: MountOptions;
}

/** A gateway: one MCP server in front of a hub of MCP servers. */
export interface Gateway {
  /** Serve it with `serveHttp` or `serveStdio`; add tools or workflows of its own as to any mcpflow server. */
  server: McpflowServer;
  /** The downstream connections. */
  hub: McpHub;
  /** Closes every downstream connection (child processes have exited when it resolves). Stop serving first. */
  close(): Promise<void>;
}

/**
 * Starts a hub of MCP servers from a configuration and mounts it into a new mcpflow server, with elicitation and
 * sampling requests of the downstream servers forwarded to the client calling through the gateway.
 *
 * @example
 * ```ts
 * const gateway = createGateway({ mcpServers: { everything: { command: 'npx', args: ['@modelcontextprotocol/server-everything'] } } }, { name: 'gateway' })
 * await gateway.hub.ready
 * const http = await serveHttp(gateway.server, { port: 3920 }) // tools are served as `everything__echo`, …
 * ```
 */
export function createGateway(config: McpHubConfig, options: GatewayOptions): Gateway {
  const { hub: hubOptions, mount, ...serverOptions } = options;
  const hub = createMcpHub(config, { ...hubOptions, elicitation: forwardElicitation, sampling: forwardSampling });
  const server = createMcpflowServer(serverOptions).mount(hub, mount);
  return { server, hub, close: () => hub.close() };
}
