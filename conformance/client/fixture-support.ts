// Helpers shared by the fixture client's scenarios: the hub for one mock server, the scripted "browser" for
// OAuth, and the local server/discover answer some 2026 mocks need.
import { createMcpHub, type McpHub, type McpHubOptions, type OAuthSettings, type ServerEntry } from 'mcpflow/client';

/** The server's name in the hub; an empty prefix keeps the mock's own tool names. */
export const server = 'server';

/** True when the runner resolved this scenario to the 2026-07-28 (stateless) revision. */
export function modernRun(): boolean {
  return process.env.MCP_CONFORMANCE_PROTOCOL_VERSION === '2026-07-28';
}

/** Hub diagnostics go to stderr, which the runner keeps next to the checks. */
const logger: NonNullable<McpHubOptions['logger']> = (entry) => process.stderr.write(`${JSON.stringify(entry)}\n`);

/**
 * A hub with the mock server as its only server, connected: `hub.connect` rethrows a failed connection, so a
 * broken flow ends the fixture with an error the runner sees.
 */
export async function openHub(
  url: string,
  entry: Omit<ServerEntry, 'url'> & { oauth?: OAuthSettings | false } = {},
  options: McpHubOptions = {},
): Promise<McpHub> {
  const hub = createMcpHub(
    { mcpServers: { [server]: { url, prefix: '', ...entry } } },
    { connect: 'lazy', reconnect: false, clientInfo: { name: 'mcpflow-conformance', version: '1.0.0' }, logger, ...options },
  );
  try {
    await hub.connect(server);
  } catch (error) {
    await hub.close();
    throw error;
  }
  return hub;
}

/**
 * Plays the user's browser: the mock authorization server approves at once with a 302 to the redirect URI,
 * which is the hub's own loopback listener, so following it completes the hub's real redirect flow.
 */
export async function browser(url: URL): Promise<void> {
  const approval = await fetch(url, { redirect: 'manual' });
  const location = approval.headers.get('location');
  await approval.text();
  if (location === null) throw new Error(`the authorization endpoint answered ${approval.status} without a redirect`);
  await (await fetch(location)).text();
}

/**
 * A fetch that answers `server/discover` locally (modern era, the given capabilities) and sends everything else
 * to the mock: the SEP-2322 and SEP-2243 mocks implement neither discovery nor a usable initialize.
 */
export function withLocalDiscover(capabilities: Record<string, object>): NonNullable<McpHubOptions['fetch']> {
  return async (input, init) => {
    if (typeof init?.body === 'string') {
      const message = (() => {
        try {
          return JSON.parse(init.body) as { method?: string; id?: unknown };
        } catch {
          return undefined;
        }
      })();
      if (message?.method === 'server/discover') {
        return Response.json({
          jsonrpc: '2.0',
          id: message.id,
          result: {
            supportedVersions: ['2026-07-28'],
            capabilities,
            _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'conformance-mock', version: '1.0.0' } },
          },
        });
      }
    }
    return fetch(input, init);
  };
}

/** `MCP_CONFORMANCE_CONTEXT`, parsed. */
export function context(): Record<string, unknown> {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  return raw === undefined || raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
}

/** A required string from the context, with a clear error when the runner did not send it. */
export function contextString(name: string): string {
  const value = context()[name];
  if (typeof value !== 'string') throw new Error(`MCP_CONFORMANCE_CONTEXT has no string "${name}"`);
  return value;
}
