import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/client';
import { completable, fromJsonSchema, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { HubCatalog } from '../../client/build-catalog.ts';

interface EntryBase {
  /** Identifies the entry across catalogs: kind and served name (or URI). */
  key: string;
  /** Changes when anything a client sees of the entry changes. */
  signature: string;
  server: string;
}

/** @internal One item of a hub's catalog as the gateway serves it. */
export type GatewayEntry =
  | (EntryBase & {
      kind: 'tool';
      /** The name served by the gateway. */
      name: string;
      /** The hub's exposed name, which `hub.callTool` takes. */
      hubName: string;
      definition: Tool;
      inputSchema: StandardSchemaWithJSON;
      outputSchema: StandardSchemaWithJSON | undefined;
    })
  | (EntryBase & { kind: 'prompt'; name: string; hubName: string; definition: Prompt; argsSchema: z.ZodObject | undefined })
  | (EntryBase & { kind: 'resource'; definition: Resource })
  | (EntryBase & { kind: 'template'; name: string; hubName: string; variables: string[]; definition: ResourceTemplateType });

/** @internal Which hub items to serve, and under which names. */
export interface EntryOptions {
  servers: ReadonlySet<string> | undefined;
  keep: (hubName: string) => boolean;
  nameOf: (hubName: string) => string;
  /** Completion values from the owning server (`hub.complete`); prompts and templates offer completion through it. */
  complete?: Completer;
}

/** @internal Asks the owning server for completion values. */
export type Completer = (
  target: { prompt: string } | { template: string },
  argument: { name: string; value: string },
  filled: Record<string, string> | undefined,
) => Promise<string[]>;

/**
 * @internal The gateway's view of a catalog: the hub's tools, prompts, resources and templates, filtered and
 * renamed. Schemas are wrapped once per catalog, not once per request.
 */
export function toGatewayEntries(catalog: HubCatalog, options: EntryOptions): GatewayEntry[] {
  const entries: GatewayEntry[] = [];
  const served = (server: string) => options.servers === undefined || options.servers.has(server);
  for (const tool of catalog.tools.values()) {
    if (!served(tool.server) || !options.keep(tool.name)) continue;
    const name = options.nameOf(tool.name);
    const schemas = toolSchemas(tool.definition);
    // A schema the validator cannot compile would break every request: that tool alone is left out.
    if (schemas === undefined) continue;
    entries.push({
      kind: 'tool',
      key: `tool\u0000${name}`,
      signature: JSON.stringify(tool.definition),
      server: tool.server,
      name,
      hubName: tool.name,
      definition: tool.definition,
      ...schemas,
    });
  }
  for (const prompt of catalog.prompts.values()) {
    if (!served(prompt.server) || !options.keep(prompt.name)) continue;
    const name = options.nameOf(prompt.name);
    entries.push({
      kind: 'prompt',
      key: `prompt\u0000${name}`,
      signature: JSON.stringify(prompt.definition),
      server: prompt.server,
      name,
      hubName: prompt.name,
      definition: prompt.definition,
      argsSchema: argumentsSchema(prompt.definition, prompt.name, options.complete),
    });
  }
  const uris = new Set<string>();
  for (const resource of catalog.resources) {
    // Two servers listing one URI: the first in configuration order serves it, as the hub reads it.
    if (!served(resource.server) || uris.has(resource.uri)) continue;
    uris.add(resource.uri);
    const signature = JSON.stringify(resource.definition);
    entries.push({
      kind: 'resource',
      key: `resource\u0000${resource.uri}`,
      signature,
      server: resource.server,
      definition: resource.definition,
    });
  }
  for (const template of catalog.resourceTemplates.values()) {
    if (!served(template.server)) continue;
    const name = options.nameOf(template.name);
    const signature = JSON.stringify(template.definition);
    entries.push({
      kind: 'template',
      key: `template\u0000${name}`,
      signature,
      server: template.server,
      name,
      hubName: template.name,
      variables: template.variables,
      definition: template.definition,
    });
  }
  return entries;
}

function toolSchemas(
  tool: Tool,
): { inputSchema: StandardSchemaWithJSON; outputSchema: StandardSchemaWithJSON | undefined } | undefined {
  try {
    const inputSchema = fromJsonSchema(tool.inputSchema as never);
    const outputSchema = tool.outputSchema === undefined ? undefined : fromJsonSchema(tool.outputSchema as never);
    return { inputSchema, outputSchema };
  } catch {
    return undefined;
  }
}

/**
 * Prompt arguments are strings; the SDK lists them (with descriptions and requiredness) from this schema, and
 * answers `completion/complete` for them through `complete`.
 */
function argumentsSchema(prompt: Prompt, hubName: string, complete: Completer | undefined): z.ZodObject | undefined {
  if (prompt.arguments === undefined || prompt.arguments.length === 0) return undefined;
  const shape: Record<string, z.ZodType> = {};
  for (const argument of prompt.arguments) {
    let schema: z.ZodType = z.string();
    if (argument.description !== undefined) schema = schema.describe(argument.description);
    if (complete !== undefined) {
      const name = argument.name;
      schema = completable(schema as z.ZodString, (value, context) =>
        complete({ prompt: hubName }, { name, value: String(value) }, context?.arguments).catch(() => []),
      );
    }
    shape[argument.name] = argument.required === true ? schema : schema.optional();
  }
  return z.object(shape);
}

/** @internal Which lists differ between two views of a catalog. */
export function changedLists(before: GatewayEntry[], after: GatewayEntry[]): ('tools' | 'prompts' | 'resources')[] {
  const listOf = { tool: 'tools', prompt: 'prompts', resource: 'resources', template: 'resources' } as const;
  const fingerprint = (entries: GatewayEntry[], list: string) =>
    entries
      .filter((entry) => listOf[entry.kind] === list)
      .map((entry) => `${entry.key}\u0000${entry.signature}`)
      .join('\u0001');
  return (['tools', 'prompts', 'resources'] as const).filter((list) => fingerprint(before, list) !== fingerprint(after, list));
}
