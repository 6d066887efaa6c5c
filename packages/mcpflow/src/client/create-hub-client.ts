import { Client, type ClientCapabilities } from '@modelcontextprotocol/client';
import type { McpHubOptions } from './mcp-hub-options.ts';
import type { ServerDefinition } from './server-definition.ts';

/** Which list a `list_changed` notification invalidated. */
export type ListKind = 'tools' | 'prompts' | 'resources';

/** Builds the capabilities to declare: only those the hub can actually answer. */
function capabilitiesOf(options: McpHubOptions): ClientCapabilities {
  const capabilities: ClientCapabilities = {};
  if (options.sampling !== undefined) capabilities.sampling = {};
  // Declaring elicitation makes servers rely on it, so only with a handler; then both modes (form and URL). With
  // applyDefaults the SDK fills fields the user left empty from the schema's defaults (SEP-1034).
  if (options.elicitation !== undefined) capabilities.elicitation = { form: { applyDefaults: true }, url: {} };
  if (options.roots !== undefined) capabilities.roots = {};
  return capabilities;
}

/**
 * A fresh SDK client for one server, wired to the hub: capabilities and handlers for sampling, elicitation and
 * roots (each only when the hub has one), server log notifications to `logger`, `list_changed` (both eras: the SDK
 * opens the 2026 subscription stream itself) to `onListChanged`.
 */
export function createHubClient(
  definition: ServerDefinition,
  options: McpHubOptions,
  onListChanged: (kind: ListKind) => void,
): Client {
  const server = definition.name;
  const era = definition.era ?? options.era ?? 'legacy';
  const debounceMs = options.listChangedDebounceMs ?? 100;
  // autoRefresh off: the hub refetches (tools, resources and templates) itself, so one path serves both eras.
  const watch = (kind: ListKind) => ({ autoRefresh: false, debounceMs, onChanged: () => onListChanged(kind) });
  const client = new Client(options.clientInfo ?? { name: 'mcpflow', version: '0.1.0' }, {
    capabilities: capabilitiesOf(options),
    versionNegotiation: { mode: era },
    listChanged: { tools: watch('tools'), prompts: watch('prompts'), resources: watch('resources') },
  });
  const context = { server };
  const { sampling, elicitation, roots, logger } = options;
  if (sampling !== undefined) {
    client.setRequestHandler('sampling/createMessage', (request) => sampling(request.params, context));
  }
  if (elicitation !== undefined) {
    client.setRequestHandler('elicitation/create', (request) => elicitation(request.params, context));
  }
  if (roots !== undefined) {
    client.setRequestHandler('roots/list', async () => ({ roots: Array.isArray(roots) ? roots : await roots(context) }));
  }
  client.setNotificationHandler('notifications/message', (notification) => {
    const { level, data, logger: name } = notification.params;
    logger?.({ server, source: 'server', level, data, ...(name === undefined ? {} : { logger: name }) });
  });
  return client;
}
