import { type FetchLike, SSEClientTransport, StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { LineBuffer } from './create-line-buffer.ts';
import type { ServerAuthorization } from './oauth/create-server-authorization.ts';
import type { ServerDefinition } from './server-definition.ts';

/** A transport plus what the hub needs to know about it beyond the SDK interface. */
export interface HubTransport {
  transport: Transport;
  /** The child's process id once started (stdio only). */
  pid(): number | undefined;
}

function stringEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) environment[key] = value;
  return environment;
}

/**
 * Builds the SDK transport for one server. stdio children get the hub's whole environment with the configured
 * variables laid over it (the SDK alone would pass only a safe subset, and replacing the environment loses
 * `PATH`); their stderr goes into `stderr`, never to the console.
 */
export function createTransport(
  definition: ServerDefinition,
  stderr: LineBuffer,
  useSse = false,
  http: { authorization?: ServerAuthorization | undefined; fetch?: FetchLike | undefined } = {},
): HubTransport {
  if (definition.transport === 'stdio') {
    const transport = new StdioClientTransport({
      command: definition.command,
      args: definition.args,
      env: { ...stringEnvironment(), ...definition.env },
      stderr: 'pipe',
      ...(definition.cwd === undefined ? {} : { cwd: definition.cwd }),
    });
    transport.stderr?.on('data', (chunk: Buffer | string) => stderr.write(String(chunk)));
    return { transport, pid: () => transport.pid ?? undefined };
  }
  const url = new URL(definition.url);
  const requestInit = { headers: definition.headers };
  const { authorization } = http;
  const baseFetch = http.fetch ?? fetch;
  const wrapped = authorization?.wrapFetch?.(baseFetch) ?? http.fetch;
  const auth = {
    ...(authorization === undefined ? {} : { authProvider: authorization.provider }),
    ...(wrapped === undefined ? {} : { fetch: wrapped }),
  };
  const transport =
    definition.transport === 'sse' || useSse
      ? new SSEClientTransport(url, { requestInit, ...auth })
      : new StreamableHTTPClientTransport(url, { requestInit, ...auth });
  return { transport, pid: () => undefined };
}
