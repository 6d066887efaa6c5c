import { readFile } from 'node:fs/promises';
import { text as readAll } from 'node:stream/consumers';
import type { McpHubOptions } from '../client/mcp-hub-options.ts';
import { loadHubConfig, type McpHubConfig } from '../client/parse-hub-config.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { findConfig } from './find-config.ts';

/** The options every command that talks to configured servers shares. */
export interface HubCommandOptions {
  /** The configuration file; discovered when absent (see `findConfig`). */
  config?: string | undefined;
  /** Print machine-readable JSON on stdout. */
  json?: boolean | undefined;
  /** Limit for one request, in milliseconds. */
  timeout?: number | undefined;
}

/** Loads the configuration and, with `only`, keeps just that server (so a call starts one process, not all). */
export async function loadConfig(options: HubCommandOptions, only?: string): Promise<McpHubConfig> {
  const config = await loadHubConfig(findConfig(options.config));
  if (only === undefined) return config;
  const key = config.mcpServers === undefined ? 'servers' : 'mcpServers';
  const servers = config[key] ?? {};
  const entry = servers[only];
  if (entry === undefined) {
    throw new McpflowError('SERVER_NOT_FOUND', `No server named "${only}" in the configuration`, {
      data: { server: only, known: Object.keys(servers) },
    });
  }
  return { [key]: { [only]: entry } };
}

/** Opens a hub on the configuration with the CLI's settings: eager start, no reconnection for one-shot commands. */
export async function openHub(options: HubCommandOptions, only?: string, handlers: Pick<McpHubOptions, 'elicitation'> = {}) {
  const config = await loadConfig(options, only);
  // The hub pulls in the SDK; loaded here so `mcpflow --version` and `--help` never pay for it.
  const { createMcpHub } = await import('../client/create-mcp-hub.ts');
  const hub = createMcpHub(config, {
    ...handlers,
    reconnect: false,
    ...(options.timeout === undefined ? {} : { requestTimeoutMs: options.timeout }),
  });
  await hub.ready;
  return hub;
}

/** Splits `SERVER/NAME`; a name without a slash is taken as a hub-exposed name (`server__name`). */
export function splitQualifiedName(qualified: string): { server: string | undefined; name: string } {
  const slash = qualified.indexOf('/');
  if (slash <= 0) return { server: undefined, name: qualified };
  return { server: qualified.slice(0, slash), name: qualified.slice(slash + 1) };
}

/** The text of a `--args` value: as given, `@FILE` for a file's contents, `-` for standard input. */
async function argumentsText(value: string | undefined): Promise<string | undefined> {
  if (value === '-') return readAll(process.stdin);
  if (value?.startsWith('@') !== true) return value;
  try {
    return await readFile(value.slice(1), 'utf8');
  } catch (error) {
    throw new McpflowError('INVALID_ARGUMENTS', `Cannot read --args file ${value.slice(1)}`, { cause: error });
  }
}

/**
 * Parses a `--args` value (inline JSON, `@FILE` or `-` for stdin): a JSON object, or nothing. Anything else is a
 * usage error.
 */
export async function parseArgumentsJson(option: string | undefined): Promise<Record<string, unknown>> {
  const text = await argumentsText(option);
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new McpflowError('INVALID_ARGUMENTS', `--args is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new McpflowError('INVALID_ARGUMENTS', '--args must be a JSON object, e.g. \'{"path": "notes.txt"}\'');
  }
  return value as Record<string, unknown>;
}
