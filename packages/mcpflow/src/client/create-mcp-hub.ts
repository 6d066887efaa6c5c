import type { Client } from '@modelcontextprotocol/client';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { buildCatalog, type HubCatalog, type ServerCatalog } from './build-catalog.ts';
import { createArgumentValidator } from './create-argument-validator.ts';
import { createHubClient, type ListKind } from './create-hub-client.ts';
import { createToolSearch } from './create-tool-search.ts';
import { fetchServerCatalog } from './fetch-server-catalog.ts';
import { listServerSkills, readServerSkill } from './hub-skills.ts';
import type { CallToolOptions, HubRequestOptions, McpHub } from './mcp-hub.ts';
import type { McpHubOptions } from './mcp-hub-options.ts';
import { createServerAuthorization, lazyStore } from './oauth/create-server-authorization.ts';
import { type McpHubConfig, parseHubConfig } from './parse-hub-config.ts';
import { resolveResourceTarget } from './resolve-resource-target.ts';
import { createServerConnection, type ServerConnection } from './server-connection.ts';
import { toClientError } from './to-client-error.ts';

function firstText(content: readonly { type: string; text?: unknown }[]): string | undefined {
  const text = content.find((block) => block.type === 'text')?.text;
  return typeof text === 'string' ? text : undefined;
}

/**
 * Starts a hub of MCP servers from a configuration (`mcpServers` or VS Code `servers` form): one persistent SDK
 * client per server, started in parallel (or on first use with `connect: 'lazy'`), each isolated from the others'
 * failures, reconnected with backoff when lost. Throws `CONFIG_INVALID` at once for a malformed configuration.
 *
 * @example
 * ```ts
 * const hub = createMcpHub({ mcpServers: { everything: { command: 'npx', args: ['@modelcontextprotocol/server-everything'] } } });
 * await hub.ready;
 * const result = await hub.callTool('everything__get-sum', { a: 2, b: 40 });
 * await hub.close();
 * ```
 */
export function createMcpHub(config: McpHubConfig, options: McpHubOptions = {}): McpHub {
  const definitions = parseHubConfig(config, options.env === undefined ? {} : { env: options.env });
  const separator = options.separator ?? '__';
  // Looked up on every call: a map, not a scan over the configured servers.
  const requestTimeouts = new Map(
    definitions.map((definition) => [definition.name, definition.requestTimeoutMs ?? options.requestTimeoutMs ?? 60_000]),
  );
  const requestTimeoutOf = (server: string) => requestTimeouts.get(server) ?? options.requestTimeoutMs ?? 60_000;
  const validator = createArgumentValidator();
  const catalogs = new Map<string, ServerCatalog>();
  const connections = new Map<string, ServerConnection>();
  let catalog: HubCatalog = buildCatalog([], separator);
  let search: ReturnType<typeof createToolSearch> | undefined;
  let closed = false;
  const oauthStore = lazyStore(options.oauth ?? {});
  const catalogListeners = new Set<(catalog: HubCatalog) => void>();

  const log = (server: string, level: 'info' | 'warning' | 'debug', data: string) =>
    options.logger?.({ server, source: 'hub', level, data });

  const rebuild = () => {
    const known = catalog.collisions.length;
    catalog = buildCatalog(
      definitions.flatMap((definition) => {
        const entry = catalogs.get(definition.name);
        return entry === undefined ? [] : [{ definition, catalog: entry }];
      }),
      separator,
    );
    search = undefined;
    for (const listener of catalogListeners) listener(catalog);
    for (const collision of catalog.collisions.slice(known)) {
      const names = collision.claimants.map((claimant) => `${claimant.server}:${claimant.serverName} → ${claimant.exposedName}`);
      log(
        collision.claimants[1]?.server ?? '',
        'warning',
        `${collision.kind} name collision on "${collision.name}": ${names.join(', ')}`,
      );
    }
  };

  const refreshLists = async (server: string, kinds: readonly ListKind[]) => {
    const connection = connections.get(server);
    if (connection === undefined || connection.info().status !== 'ready') return;
    try {
      const client = await connection.acquire();
      catalogs.set(server, await fetchServerCatalog(client, requestTimeoutOf(server), kinds, catalogs.get(server)));
      rebuild();
    } catch (error) {
      log(server, 'warning', `refreshing ${kinds.join(', ')} failed: ${(error as Error).message}`);
    }
  };

  for (const definition of definitions) {
    const server = definition.name;
    const connection = createServerConnection({
      definition,
      connectTimeoutMs: definition.connectTimeoutMs ?? options.connectTimeoutMs ?? 30_000,
      reconnect: options.reconnect ?? {},
      stderrLines: options.stderrLines ?? 200,
      createClient: () => createHubClient(definition, options, (kind) => void refreshLists(server, [kind])),
      prepare: async (client) => {
        catalogs.set(server, await fetchServerCatalog(client, requestTimeoutOf(server)));
        rebuild();
        if (options.logLevel !== undefined && client.getServerCapabilities()?.logging !== undefined) {
          if (client.getProtocolEra() === 'legacy') await client.setLoggingLevel(options.logLevel);
        }
      },
      report: (level, message) => log(server, level, message),
      authorization: createServerAuthorization(definition, options.oauth ?? {}, oauthStore, options.fetch),
      fetch: options.fetch,
    });
    connections.set(server, connection);
  }

  // Children die with the hub's process even when close() is never called: no orphaned servers.
  const killChildren = () => {
    for (const connection of connections.values()) {
      const pid = connection.info().pid;
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  };
  process.on('exit', killChildren);

  const all = [...connections.values()];
  const startAll = (filter: (connection: ServerConnection) => boolean) =>
    Promise.all(all.filter(filter).map((connection) => connection.start())).then(() => undefined);
  const ready = options.connect === 'lazy' ? Promise.resolve() : startAll(() => true);
  // Listing starts lazy servers and waits for those starting, but never retries failed ones, and never waits out a
  // whole reconnect loop: after one connect timeout it answers with what the catalog holds.
  const settleLimitMs = options.connectTimeoutMs ?? 30_000;
  const settle = async () => {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, settleLimitMs);
    });
    const starting = startAll((connection) => ['idle', 'connecting'].includes(connection.info().status));
    await Promise.race([starting, limit]).finally(() => clearTimeout(timer));
  };

  const connectionOf = (server: string): ServerConnection => {
    const connection = connections.get(server);
    if (connection !== undefined) return connection;
    throw new McpflowError('SERVER_NOT_FOUND', `No server named "${server}"`, {
      data: { server, known: [...connections.keys()] },
    });
  };

  const ensureOpen = () => {
    if (closed) throw new McpflowError('CONNECTION_CLOSED', 'The hub is closed');
  };

  const lookup = async <T>(kind: string, name: string, find: () => T | undefined): Promise<T> => {
    ensureOpen();
    const found = find();
    if (found !== undefined) return found;
    await settle();
    const late = find();
    if (late !== undefined) return late;
    throw new McpflowError('NOT_FOUND', `No ${kind} named "${name}"`, { data: { kind, name } });
  };

  /** Runs one request on a server, mapping every SDK failure and reporting broken HTTP connections. */
  const request = async <T>(
    server: string,
    operation: string,
    signal: AbortSignal | undefined,
    run: (client: Client) => Promise<T>,
  ) => {
    const connection = connectionOf(server);
    if (signal?.aborted === true) throw toClientError(signal.reason, { server, operation, signal });
    // The usual case, a ready connection, takes no extra turn of the event loop.
    const client = connection.readyClient() ?? (await connection.acquire());
    try {
      try {
        return await run(client);
      } catch (error) {
        // The request may have started an OAuth authorization (403 step-up, a 401 with no refresh token):
        // once it is finished, the same request goes again, once.
        if (!(await connection.authorize())) throw error;
        return await run(client);
      }
    } catch (error) {
      const failure = toClientError(error, { server, operation, signal });
      const broken = failure.code === 'CONNECTION_FAILED' || failure.code === 'CONNECTION_CLOSED';
      if (broken && connection.definition.transport !== 'stdio') connection.reportBroken(client);
      throw failure;
    }
  };

  const requestOptions = (server: string, options: HubRequestOptions) => ({
    timeout: options.timeoutMs ?? requestTimeoutOf(server),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });

  return {
    ready,
    servers: () => all.map((connection) => connection.info()),
    server: (name) => connectionOf(name).info(),
    stderr: (name) => connectionOf(name).stderr(),
    async connect(name) {
      ensureOpen();
      if (name === undefined) return startAll(() => true);
      const connection = connectionOf(name);
      await connection.start();
      const info = connection.info();
      if (info.status !== 'ready' && info.lastError !== undefined) throw info.lastError;
    },
    listTools: () => settle().then(() => [...catalog.tools.values()]),
    listPrompts: () => settle().then(() => [...catalog.prompts.values()]),
    listResources: () => settle().then(() => [...catalog.resources]),
    listResourceTemplates: () => settle().then(() => [...catalog.resourceTemplates.values()]),
    collisions: () => catalog.collisions,
    catalog: () => catalog,
    onCatalogChanged(listener) {
      catalogListeners.add(listener);
      return () => catalogListeners.delete(listener);
    },

    async callTool(name, args = {}, callOptions: CallToolOptions = {}) {
      ensureOpen();
      const tool = catalog.tools.get(name) ?? (await lookup('tool', name, () => catalog.tools.get(name)));
      const problems = callOptions.validate === false ? [] : validator.validate(tool.inputSchema, args);
      if (problems.length > 0) {
        const listed = problems.map((problem) => `${problem.path === '' ? '(root)' : problem.path} ${problem.message}`);
        throw new McpflowError('INVALID_ARGUMENTS', `Invalid arguments for tool "${name}": ${listed.join('; ')}`, {
          data: { tool: name, server: tool.server, problems },
        });
      }
      const result = await request(tool.server, `tools/call ${tool.serverToolName}`, callOptions.signal, (client) =>
        client.callTool(
          { name: tool.serverToolName, arguments: args },
          {
            ...requestOptions(tool.server, callOptions),
            // Always listening for progress: the SDK only restarts the timeout on progress when onprogress is set.
            onprogress: (progress) => callOptions.onProgress?.(progress),
            resetTimeoutOnProgress: true,
            ...(callOptions.maxTotalTimeoutMs === undefined ? {} : { maxTotalTimeout: callOptions.maxTotalTimeoutMs }),
            toolDefinition: tool.definition,
          },
        ),
      );
      if (result.isError === true) {
        const detail = firstText(result.content) ?? 'no message';
        throw new McpflowError('TOOL_ERROR', `Tool "${name}" reported an error: ${detail}`, {
          data: { tool: name, server: tool.server, result },
        });
      }
      return result;
    },

    async readResource(target, readOptions = {}) {
      ensureOpen();
      await settle();
      const { server, uri } = resolveResourceTarget(target, catalog);
      return request(server, `resources/read ${uri}`, readOptions.signal, (client) =>
        client.readResource({ uri }, { ...requestOptions(server, readOptions), cacheMode: 'bypass' }),
      );
    },

    async getPrompt(name, args = {}, promptOptions = {}) {
      const prompt = await lookup('prompt', name, () => catalog.prompts.get(name));
      const missing = (prompt.definition.arguments ?? []).filter(
        (argument) => argument.required === true && !(argument.name in args),
      );
      if (missing.length > 0) {
        const problems = missing.map((argument) => ({ path: `/${argument.name}`, message: 'is required' }));
        throw new McpflowError(
          'INVALID_ARGUMENTS',
          `Prompt "${name}" needs ${missing.map((argument) => argument.name).join(', ')}`,
          {
            data: { prompt: name, server: prompt.server, problems },
          },
        );
      }
      return request(prompt.server, `prompts/get ${prompt.serverPromptName}`, promptOptions.signal, (client) =>
        client.getPrompt({ name: prompt.serverPromptName, arguments: args }, requestOptions(prompt.server, promptOptions)),
      );
    },

    async listSkills() {
      ensureOpen();
      await settle();
      const ready = all
        .filter((connection) => connection.info().status === 'ready')
        .map((connection) => connection.definition.name);
      const lists = await Promise.all(
        ready.map((server) => request(server, 'skills/list', undefined, (client) => listServerSkills(server, client))),
      );
      return lists.flat();
    },

    async readSkill(skill, ref, readOptions = {}) {
      ensureOpen();
      return request(skill.server, `read skill ${skill.skill.uri}`, readOptions.signal, (client) =>
        readServerSkill(client, skill, ref),
      );
    },

    async complete(target, argument, filled = {}) {
      const isPrompt = 'prompt' in target;
      const name = isPrompt ? target.prompt : target.template;
      const owner = await lookup(isPrompt ? 'prompt' : 'resource template', name, () => {
        const prompt = isPrompt ? catalog.prompts.get(name) : undefined;
        if (prompt !== undefined)
          return { server: prompt.server, ref: { type: 'ref/prompt', name: prompt.serverPromptName } as const };
        const template = isPrompt ? undefined : catalog.resourceTemplates.get(name);
        return template && { server: template.server, ref: { type: 'ref/resource', uri: template.uriTemplate } as const };
      });
      return request(owner.server, 'completion/complete', undefined, async (client) => {
        if (client.getServerCapabilities()?.completions === undefined) return [];
        const params = { ref: owner.ref, argument, context: { arguments: filled } };
        const result = await client.complete(params, { timeout: requestTimeoutOf(owner.server) });
        return result.completion.values;
      });
    },

    async searchTools(task, searchOptions) {
      ensureOpen();
      await settle();
      search ??= createToolSearch(catalog.tools.values());
      return search(task, searchOptions);
    },

    async refresh(name) {
      ensureOpen();
      const names = name === undefined ? [...connections.keys()] : [connectionOf(name).definition.name];
      await Promise.all(names.map((server) => refreshLists(server, ['tools', 'prompts', 'resources'])));
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(all.map((connection) => connection.close()));
      process.off('exit', killChildren);
    },
  };
}
