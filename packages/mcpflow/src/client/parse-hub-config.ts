import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { interpolateEnv, interpolateRecord } from './interpolate-env.ts';
import type { OAuthSettings } from './oauth/oauth-settings.ts';
import { type OAuthEntry, oauthEntrySchema, oauthProblem } from './oauth/oauth-settings-schema.ts';
import type { EraOption, ServerDefinition } from './server-definition.ts';

const stringRecord = z.record(z.string(), z.string());
const globs = z.array(z.string().min(1));
const timeout = z.number().int().positive();

const serverEntrySchema = z.strictObject({
  type: z.enum(['stdio', 'http', 'streamable-http', 'streamableHttp', 'sse']).optional(),
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: stringRecord.optional(),
  cwd: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  headers: stringRecord.optional(),
  disabled: z.boolean().optional(),
  connectTimeoutMs: timeout.optional(),
  requestTimeoutMs: timeout.optional(),
  include: globs.optional(),
  exclude: globs.optional(),
  prefix: z.string().optional(),
  era: z.union([z.enum(['legacy', 'auto']), z.strictObject({ pin: z.string().min(1) })]).optional(),
  // Checked on its own (see toOAuthSettings), so an error names the exact `oauth.*` field.
  oauth: z.custom<OAuthEntry>().optional(),
});

/**
 * One server as written in a configuration file. The Claude Desktop / Cursor form leaves `type` out (a `command`
 * means stdio, a `url` means HTTP); the VS Code form names it. The timeout, filter, prefix and era fields are
 * mcpflow's own.
 */
export type ServerEntry = z.input<typeof serverEntrySchema>;

/**
 * A hub configuration: `{ mcpServers: {...} }` (Claude Desktop, Cursor) or `{ servers: {...} }` (VS Code). Other
 * top-level keys are ignored, because editor files keep unrelated settings next to the servers.
 */
export interface McpHubConfig {
  mcpServers?: Record<string, ServerEntry>;
  servers?: Record<string, ServerEntry>;
  [key: string]: unknown;
}

/** Options for {@link parseHubConfig} and {@link loadHubConfig}. */
export interface ParseHubConfigOptions {
  /** The variables `${env:NAME}` reads. @default process.env */
  env?: Record<string, string | undefined>;
}

function invalid(server: string, field: string, problem: string, extra: Record<string, unknown> = {}): McpflowError {
  const where = field === '' ? `Server "${server}"` : `Server "${server}": field "${field}"`;
  return new McpflowError('CONFIG_INVALID', `${where} ${problem}`, { data: { server, field, ...extra } });
}

function firstIssue(server: string, error: z.ZodError, prefix: readonly string[] = []): McpflowError {
  const issue = error.issues[0];
  if (issue === undefined) return invalid(server, prefix.join('.'), 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    const field = [...prefix, ...issue.path, issue.keys[0]].join('.');
    return invalid(server, field, 'is not a known server setting', { issues: error.issues });
  }
  return invalid(server, [...prefix, ...issue.path].join('.'), `is invalid: ${issue.message}`, { issues: error.issues });
}

function transportOf(name: string, entry: z.output<typeof serverEntrySchema>): 'stdio' | 'http' | 'sse' {
  const declared = entry.type === 'streamable-http' || entry.type === 'streamableHttp' ? 'http' : entry.type;
  const transport = declared ?? (entry.command !== undefined ? 'stdio' : entry.url !== undefined ? 'http' : undefined);
  if (transport === undefined) throw invalid(name, 'command', 'is missing: a server needs a "command" (stdio) or a "url" (HTTP)');
  const wrongFields =
    transport === 'stdio' ? (['url', 'headers', 'oauth'] as const) : (['command', 'args', 'env', 'cwd'] as const);
  for (const field of wrongFields) {
    if (entry[field] !== undefined) throw invalid(name, field, `does not apply to a ${transport} server`);
  }
  if (transport === 'stdio' && entry.command === undefined) throw invalid(name, 'command', 'is missing for a stdio server');
  if (transport !== 'stdio' && entry.url === undefined) throw invalid(name, 'url', `is missing for an ${transport} server`);
  return transport;
}

function toDefinition(name: string, raw: unknown, env: Record<string, string | undefined>): ServerDefinition {
  const parsed = serverEntrySchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(name, parsed.error);
  const entry = parsed.data;
  const transport = transportOf(name, entry);
  const base = {
    name,
    disabled: entry.disabled ?? false,
    prefix: entry.prefix ?? name,
    ...(entry.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: entry.connectTimeoutMs }),
    ...(entry.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: entry.requestTimeoutMs }),
    ...(entry.include === undefined ? {} : { include: entry.include }),
    ...(entry.exclude === undefined ? {} : { exclude: entry.exclude }),
    ...(entry.era === undefined ? {} : { era: entry.era as EraOption }),
  };
  const at = (field: string) => ({ server: name, field });
  if (transport === 'stdio') {
    return {
      ...base,
      transport,
      command: interpolateEnv(entry.command ?? '', env, at('command')),
      args: (entry.args ?? []).map((argument, index) => interpolateEnv(argument, env, at(`args.${index}`))),
      env: interpolateRecord(entry.env, env, at('env')),
      ...(entry.cwd === undefined ? {} : { cwd: interpolateEnv(entry.cwd, env, at('cwd')) }),
    };
  }
  const url = interpolateEnv(entry.url ?? '', env, at('url'));
  if (!URL.canParse(url)) throw invalid(name, 'url', `is not a valid URL: ${url}`);
  const headers = interpolateRecord(entry.headers, env, at('headers'));
  const oauth = entry.oauth === undefined || entry.oauth === false ? entry.oauth : toOAuthSettings(name, entry.oauth, env);
  if (oauth !== undefined && oauth !== false && Object.keys(headers).some((header) => header.toLowerCase() === 'authorization')) {
    throw invalid(name, 'oauth', 'conflicts with an Authorization header: use one or the other');
  }
  return { ...base, transport, url, headers, ...(oauth === undefined ? {} : { oauth }) };
}

function toOAuthSettings(name: string, raw: unknown, env: Record<string, string | undefined>): OAuthSettings {
  const parsed = oauthEntrySchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(name, parsed.error, ['oauth']);
  const settings: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed.data)) {
    // Secrets belong in the environment: every string may use ${env:NAME}.
    settings[field] = typeof value === 'string' ? interpolateEnv(value, env, { server: name, field: `oauth.${field}` }) : value;
  }
  const problem = oauthProblem(settings as OAuthSettings);
  if (problem !== undefined) throw invalid(name, problem[0], problem[1]);
  return settings as OAuthSettings;
}

/**
 * Validates a hub configuration and turns it into one {@link ServerDefinition} per server, with `${env:NAME}`
 * references filled in. Every problem is an McpflowError `CONFIG_INVALID` whose message and `data` name the
 * server and the field.
 *
 * @example
 * ```ts
 * const servers = parseHubConfig({
 *   mcpServers: { github: { url: 'https://example.com/mcp', headers: { Authorization: 'Bearer ${env:GITHUB_TOKEN}' } } },
 * });
 * ```
 */
export function parseHubConfig(config: McpHubConfig, options: ParseHubConfigOptions = {}): ServerDefinition[] {
  const env = options.env ?? process.env;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new McpflowError('CONFIG_INVALID', 'The hub configuration must be an object with "mcpServers" or "servers"', {
      data: { field: '' },
    });
  }
  if (config.mcpServers !== undefined && config.servers !== undefined) {
    throw new McpflowError('CONFIG_INVALID', 'The hub configuration has both "mcpServers" and "servers"; use one', {
      data: { field: 'servers' },
    });
  }
  const servers: unknown = config.mcpServers ?? config.servers;
  const key = config.mcpServers === undefined ? 'servers' : 'mcpServers';
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new McpflowError('CONFIG_INVALID', `The hub configuration needs a "${key}" object mapping names to servers`, {
      data: { field: key },
    });
  }
  return Object.entries(servers).map(([name, entry]) => {
    if (name.trim() === '') throw invalid(name, '', 'has an empty name');
    return toDefinition(name, entry, env);
  });
}

/**
 * Reads a JSON configuration file (Claude Desktop, Cursor or VS Code form) and validates it with
 * {@link parseHubConfig}; returns the configuration for `createMcpHub`.
 *
 * @example
 * ```ts
 * const hub = createMcpHub(await loadHubConfig('.vscode/mcp.json'));
 * ```
 */
export async function loadHubConfig(path: string, options: ParseHubConfigOptions = {}): Promise<McpHubConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new McpflowError('CONFIG_INVALID', `Cannot read the hub configuration ${path}`, { cause: error, data: { path } });
  }
  let config: McpHubConfig;
  try {
    config = JSON.parse(text) as McpHubConfig;
  } catch (error) {
    throw new McpflowError('CONFIG_INVALID', `The hub configuration ${path} is not valid JSON`, { cause: error, data: { path } });
  }
  parseHubConfig(config, options);
  return config;
}
