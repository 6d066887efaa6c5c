import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { McpflowServer } from '../../server/create-mcpflow-server.ts';
import type { CliIo } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type LoadedModule, loadModule } from '../load-module.ts';

/** Options of `mcpflow serve`. */
export interface ServeOptions {
  file: string;
  /** `[HOST:]PORT` for Streamable HTTP; stdio when absent. */
  http?: string | undefined;
  /** The server name for a module without a default-exported server. @default the file name */
  name?: string | undefined;
}

/** Parses `[HOST:]PORT` (`3920`, `127.0.0.1:3920`, `[::1]:3920`); a usage error otherwise. */
export function parseListenAddress(text: string): { host?: string; port: number } {
  const match = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65_535) {
    throw new McpflowError('INVALID_ARGUMENTS', `--http takes [HOST:]PORT (e.g. 3920 or 127.0.0.1:3920), not "${text}"`, {
      data: { help: 'the host defaults to 127.0.0.1; 0 picks a free port' },
    });
  }
  return match[1] === undefined || match[1] === '' ? { port } : { host: match[1], port };
}

async function toServer(loaded: LoadedModule, name: string): Promise<McpflowServer> {
  if (loaded.server !== undefined) return loaded.server;
  if (loaded.workflows.size === 0 && loaded.tools === undefined) {
    throw new McpflowError('CONFIG_INVALID', `${loaded.name} exports nothing mcpflow can serve`, {
      data: { module: loaded.name },
    });
  }
  const { createMcpflowServer } = await import('../../server/create-mcpflow-server.ts');
  const server = createMcpflowServer({ name });
  for (const workflow of loaded.workflows.values()) server.workflow(workflow);
  if (loaded.tools !== undefined) server.toolSet(loaded.tools);
  return server;
}

/** Settles on Ctrl-C, SIGTERM, or (for stdio) when the client closes stdin. */
function untilStopped(stdio: boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (stdio) {
      process.stdin.once('end', stop);
      process.stdin.once('close', stop);
    }
  });
}

/**
 * `mcpflow serve FILE [--stdio | --http [HOST:]PORT]`: serves what the module exports (see `loadModule` for the
 * contract) until stopped. Over stdio, stdout carries the protocol, so everything else goes to stderr.
 */
export async function runServe(options: ServeOptions, io: CliIo): Promise<ExitCode> {
  const address = options.http === undefined ? undefined : parseListenAddress(options.http);
  const loaded = await loadModule(options.file);
  const server = await toServer(loaded, options.name ?? loaded.name);
  if (address === undefined) {
    const { serveStdio } = await import('../../server/serve-stdio.ts');
    const handle = serveStdio(server);
    await untilStopped(true);
    await handle.close();
    return exitCodes.ok;
  }
  const { serveHttp } = await import('../../server/serve-http.ts');
  const handle = await serveHttp(server, address);
  io.stderr(`mcpflow: serving ${server.name} at ${handle.url.href}\n`);
  await untilStopped(false);
  await handle.close();
  return exitCodes.ok;
}
