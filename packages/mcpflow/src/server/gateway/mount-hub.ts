import type { CallToolResult } from '@modelcontextprotocol/client';
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import picomatch from 'picomatch';
import type { HubCatalog } from '../../client/build-catalog.ts';
import type { McpHub } from '../../client/mcp-hub.ts';
import { toExposedName } from '../../client/to-exposed-name.ts';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { toToolError } from '../to-tool-error.ts';
import type { RoundState } from '../workflow-tool.ts';
import { trackCall } from './forward-server-requests.ts';
import { ForwardedCall } from './forwarded-call.ts';
import { type GatewayHandlers, registerGatewayEntry } from './register-gateway-entry.ts';
import { changedLists, type GatewayEntry, toGatewayEntries } from './to-gateway-entries.ts';

/** Options for `server.mount(hub, options)`. */
export interface MountOptions {
  /** Put before every tool, prompt and resource template name the hub exposes (`prefix` + `separator` + name). */
  prefix?: string;
  /** Between `prefix` and the hub's name. @default '__' */
  separator?: string;
  /** Only these hub servers. @default all of them */
  servers?: string[];
  /** Globs on the hub's exposed names (before `prefix`): only matching tools and prompts are served. */
  include?: string | string[];
  /** Globs on the hub's exposed names: matching tools and prompts are left out. */
  exclude?: string | string[];
  /**
   * Limit for one downstream tool call, restarted by its progress. The time a person takes to answer a forwarded
   * elicitation counts against it, so it is longer than the hub's own default. @default 600000 (ten minutes)
   */
  callTimeoutMs?: number;
}

/** @internal What `mount` needs from the server it mounts into. */
export interface MountContext {
  mint(state: RoundState, context: ServerContext): Promise<string>;
  /** How long a client has to answer a forwarded elicitation or sampling request. */
  answerTtlMs: number;
  notifyListChanged(list: 'tools' | 'prompts' | 'resources'): void;
}

/** @internal A mounted hub: registers its catalog on each new SDK server and keeps long-lived ones in step. */
export interface MountedHub {
  register(instance: McpServer): void;
  stop(): void;
}

type Registered = Map<string, { signature: string; handle: { remove(): void } }>;

/**
 * @internal Mounts a hub's catalog. A stateless request builds its server from the current catalog; servers that
 * outlive a request (stdio connections, 2025 sessions) are changed in place when the catalog changes, and every
 * client is told which lists changed.
 */
export function mountHub(hub: McpHub, options: MountOptions, context: MountContext): MountedHub {
  const calls = new Map<string, ForwardedCall>();
  const owners = new WeakMap<McpServer, string>();
  const registered = new WeakMap<McpServer, Registered>();
  const live = new Set<WeakRef<McpServer>>();
  let registrations = 0;
  const entriesOf = memoizeLast((catalog: HubCatalog) =>
    toGatewayEntries(catalog, {
      servers: options.servers === undefined ? undefined : new Set(options.servers),
      keep: filterOf(options),
      nameOf: (name) => (options.prefix === undefined ? name : toExposedName(options.prefix, name, options.separator ?? '__')),
      complete: (target, argument, filled) => hub.complete(target, argument, filled),
    }),
  );
  let previous = entriesOf(hub.catalog());
  // A gateway serves what the hub's servers list, so it needs them connected: lazy servers start now.
  void hub.connect().catch(() => undefined);
  const timeoutMs = options.callTimeoutMs ?? 600_000;

  const round = async (
    call: ForwardedCall,
    tool: string,
    serverContext: ServerContext,
    capabilities: ClientCapabilities | undefined,
  ): Promise<CallToolResult | InputRequiredResult> => {
    const progressToken = serverContext.mcpReq._meta?.progressToken;
    // Progress is sent in order and before the result: the client drops progress that arrives after it.
    let sent: Promise<unknown> = Promise.resolve();
    call.attach({
      capabilities,
      progress: (progress) => {
        if (progressToken === undefined) return;
        const params = { ...progress, progressToken };
        sent = sent.then(() => serverContext.mcpReq.notify({ method: 'notifications/progress', params })).catch(() => undefined);
      },
    });
    const cancel = () => call.cancel('the MCP client cancelled the request');
    serverContext.mcpReq.signal.addEventListener('abort', cancel, { once: true });
    try {
      const outcome = await call.next();
      await sent;
      if (outcome.kind === 'result') return outcome.result;
      const key = outcome.request.method === 'elicitation/create' ? 'elicitation' : 'sampling';
      const state: RoundState = { tool, runId: call.id, savedAt: call.round, requests: { [key]: outcome.request.method } };
      const requestState = await context.mint(state, serverContext);
      return inputRequired({ inputRequests: { [key]: outcome.request } as never, requestState });
    } catch (error) {
      // The downstream tool's own error result passes through as it was sent.
      const result = McpflowError.isInstance(error, 'TOOL_ERROR')
        ? (error.data as { result?: CallToolResult }).result
        : undefined;
      return result ?? toToolError(error);
    } finally {
      serverContext.mcpReq.signal.removeEventListener('abort', cancel);
      call.detach();
    }
  };

  const handlers: GatewayHandlers = {
    callTool: async (entry, args, serverContext, instance) => {
      const capabilities =
        instance.server.getClientCapabilities() ??
        ((serverContext.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as
          | ClientCapabilities
          | undefined);
      const state = serverContext.mcpReq.requestState<RoundState>();
      if (state === undefined) {
        const call = new ForwardedCall(entry.server, owners.get(instance), context.answerTtlMs);
        const era = hub.server(entry.server).era;
        call.start((signal, onProgress) =>
          trackCall(call, era, () => hub.callTool(entry.hubName, args, { signal, onProgress, timeoutMs })),
        );
        calls.set(call.id, call);
        call.ended.then(() => calls.delete(call.id));
        return round(call, entry.name, serverContext, capabilities);
      }
      const call = calls.get(state.runId);
      const [key] = Object.keys(state.requests);
      const current = call !== undefined && call.pendingRequest !== undefined && state.savedAt === call.round;
      if (call === undefined || !current || state.tool !== entry.name || key === undefined) {
        return toToolError(new McpflowError('INVALID_INPUT', 'this input request has expired or was already answered'));
      }
      const answer = serverContext.mcpReq.inputResponses?.[key];
      // Without an answer (or with one the SDK dropped), the next round asks the same question again.
      if (answer !== undefined) call.answer(answer);
      return round(call, entry.name, serverContext, capabilities);
    },
    getPrompt: (entry, args, serverContext) => hub.getPrompt(entry.hubName, args, { signal: serverContext.mcpReq.signal }),
    readResource: (server, uri, serverContext) => hub.readResource({ uri, server }, { signal: serverContext.mcpReq.signal }),
    complete: (target, argument, filled) => hub.complete(target, argument, filled),
  };

  const apply = (instance: McpServer, entries: GatewayEntry[]) => {
    let mine = registered.get(instance);
    if (mine === undefined) {
      mine = new Map();
      registered.set(instance, mine);
    }
    const wanted = new Map(entries.map((entry) => [entry.key, entry]));
    for (const [key, { signature, handle }] of mine) {
      if (wanted.get(key)?.signature === signature) continue;
      handle.remove();
      mine.delete(key);
    }
    for (const entry of entries) {
      if (mine.has(entry.key)) continue;
      try {
        mine.set(entry.key, { signature: entry.signature, handle: registerGatewayEntry(instance, entry, handlers) });
      } catch {
        // A name this server already serves (its own tool, say) stays its own; one bad entry never breaks the rest.
      }
    }
  };

  const stopListening = hub.onCatalogChanged((catalog) => {
    // Runs inside the hub's catalog rebuild, which must not fail because of the gateway.
    try {
      follow(catalog);
    } catch {
      // Entries are built defensively; a failure here leaves the previous catalog served.
    }
  });

  const follow = (catalog: HubCatalog) => {
    const entries = entriesOf(catalog);
    const changed = changedLists(previous, entries);
    previous = entries;
    if (changed.length === 0) return;
    for (const reference of live) {
      const instance = reference.deref();
      if (instance === undefined) {
        live.delete(reference);
        continue;
      }
      try {
        apply(instance, entries);
      } catch {
        // A server whose connection is closing cannot change; its client lists again when it reconnects.
      }
    }
    for (const list of changed) context.notifyListChanged(list);
  };

  return {
    register(instance) {
      owners.set(instance, crypto.randomUUID());
      // Every list handler exists from the start, so a list the hub fills later can be served by this server too.
      ensureListHandlers(instance);
      apply(instance, entriesOf(hub.catalog()));
      live.add(new WeakRef(instance));
      // Stateless requests build a server each; forget the collected ones now and then rather than on every request.
      registrations += 1;
      if (registrations % 256 === 0) for (const reference of live) if (reference.deref() === undefined) live.delete(reference);
    },
    stop() {
      stopListening();
      for (const call of calls.values()) call.cancel('the gateway was closed');
      calls.clear();
    },
  };
}

/** The SDK installs a list's handlers with its first registration; one registered and removed again does it. */
function ensureListHandlers(instance: McpServer): void {
  const noop = (): never => {
    throw new McpflowError('INTERNAL', 'placeholder');
  };
  instance.registerTool('mcpflow-gateway-placeholder', { description: 'placeholder' }, noop).remove();
  instance.registerPrompt('mcpflow-gateway-placeholder', { description: 'placeholder' }, noop).remove();
  instance.registerResource('placeholder', 'mcpflow-gateway://placeholder', {}, noop).remove();
}

function filterOf(options: MountOptions): (name: string) => boolean {
  const included = options.include === undefined ? () => true : picomatch(options.include);
  const excluded = options.exclude === undefined ? () => false : picomatch(options.exclude);
  return (name) => included(name) && !excluded(name);
}

function memoizeLast<TInput extends object, TOutput>(compute: (input: TInput) => TOutput): (input: TInput) => TOutput {
  let last: { input: TInput; output: TOutput } | undefined;
  return (input) => {
    if (last?.input !== input) last = { input, output: compute(input) };
    return last.output;
  };
}
