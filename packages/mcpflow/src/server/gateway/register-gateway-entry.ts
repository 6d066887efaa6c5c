import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/client';
import {
  type InputRequiredResult,
  type McpServer,
  ResourceTemplate,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import type { ToolConfig } from '../tool-config.ts';
import type { Completer, GatewayEntry } from './to-gateway-entries.ts';

/** @internal How a gateway answers what it serves; each handler gets the SDK server the request arrived on. */
export interface GatewayHandlers {
  callTool(
    entry: Extract<GatewayEntry, { kind: 'tool' }>,
    args: Record<string, unknown>,
    context: ServerContext,
    instance: McpServer,
  ): Promise<CallToolResult | InputRequiredResult>;
  getPrompt(
    entry: Extract<GatewayEntry, { kind: 'prompt' }>,
    args: Record<string, string>,
    context: ServerContext,
  ): Promise<GetPromptResult>;
  readResource(server: string, uri: string, context: ServerContext): Promise<ReadResourceResult>;
  complete: Completer;
}

/** @internal Registers one catalog entry on one SDK server; the handle removes it again (sending `list_changed`). */
export function registerGatewayEntry(instance: McpServer, entry: GatewayEntry, handlers: GatewayHandlers): { remove(): void } {
  switch (entry.kind) {
    case 'tool': {
      const { definition } = entry;
      const config: ToolConfig & { _meta?: Record<string, unknown> } = { inputSchema: entry.inputSchema };
      if (definition.description !== undefined) config.description = definition.description;
      if (entry.outputSchema !== undefined) config.outputSchema = entry.outputSchema;
      if (definition.title !== undefined) config.title = definition.title;
      if (definition.annotations !== undefined) config.annotations = definition.annotations;
      if (definition.icons !== undefined) config.icons = definition.icons;
      if (definition._meta !== undefined) config._meta = definition._meta;
      return instance.registerTool(entry.name, config as { inputSchema: StandardSchemaWithJSON }, (args: unknown, context) =>
        handlers.callTool(entry, args as Record<string, unknown>, context, instance),
      );
    }
    case 'prompt': {
      const { definition } = entry;
      const config = {
        ...(definition.title === undefined ? {} : { title: definition.title }),
        ...(definition.description === undefined ? {} : { description: definition.description }),
        ...(definition.icons === undefined ? {} : { icons: definition.icons }),
        ...(definition._meta === undefined ? {} : { _meta: definition._meta }),
      };
      if (entry.argsSchema === undefined) {
        return instance.registerPrompt(entry.name, config, (context) => handlers.getPrompt(entry, {}, context));
      }
      return instance.registerPrompt(entry.name, { ...config, argsSchema: entry.argsSchema }, (args, context) =>
        handlers.getPrompt(entry, args as Record<string, string>, context),
      );
    }
    case 'resource': {
      const { uri, name, ...metadata } = entry.definition;
      // The URI as the server listed it: the SDK hands the callback a parsed URL, which may normalise it.
      return instance.registerResource(name, uri, metadata, (_url, context) => handlers.readResource(entry.server, uri, context));
    }
    case 'template': {
      const { uriTemplate, name: _name, ...metadata } = entry.definition;
      const complete = Object.fromEntries(
        entry.variables.map((variable) => [
          variable,
          (value: string, context?: { arguments?: Record<string, string> }) =>
            handlers.complete({ template: entry.hubName }, { name: variable, value }, context?.arguments).catch(() => []),
        ]),
      );
      const template = new ResourceTemplate(uriTemplate, { list: undefined, complete });
      return instance.registerResource(entry.name, template, metadata, (url, _variables, context) =>
        handlers.readResource(entry.server, url.href, context),
      );
    }
  }
}
