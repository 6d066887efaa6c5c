import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/client';
import { UriTemplate } from '@modelcontextprotocol/client';
import picomatch from 'picomatch';
import type { ServerDefinition } from './server-definition.ts';
import { maxExposedNameLength, shortHash, toExposedName } from './to-exposed-name.ts';

/** What one server listed, all pages, as the SDK returned it. */
export interface ServerCatalog {
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplateType[];
  prompts: Prompt[];
}

/** A tool as the hub exposes it. `definition` is the server's own, untouched (schemas, annotations, `_meta`). */
export interface HubTool {
  /** The exposed name, e.g. `github__create_issue`: unique across the hub, `[A-Za-z0-9_-]`, at most 64 characters. */
  name: string;
  server: string;
  /** The tool's name on its server. */
  serverToolName: string;
  description: string | undefined;
  inputSchema: Tool['inputSchema'];
  definition: Tool;
}

/** A prompt as the hub exposes it, named like tools (`server__prompt`). */
export interface HubPrompt {
  name: string;
  server: string;
  serverPromptName: string;
  definition: Prompt;
}

/** A concrete resource, addressed by its URI on its server. */
export interface HubResource {
  server: string;
  uri: string;
  definition: Resource;
}

/** A resource template; `variables` are the names `readResource({ template, variables })` fills in. */
export interface HubResourceTemplate {
  /** The exposed name, e.g. `everything__Dynamic_Text_Resource`. */
  name: string;
  server: string;
  uriTemplate: string;
  variables: string[];
  definition: ResourceTemplateType;
}

/** Two or more server items that wanted the same exposed name; the first kept it, the others got a hash suffix. */
export interface NameCollision {
  kind: 'tool' | 'prompt' | 'resourceTemplate';
  /** The contested name. */
  name: string;
  /** Every claimant in configuration order, with the name each ended up with. */
  claimants: { server: string; serverName: string; exposedName: string }[];
}

/** The hub-wide view of every ready server's catalog. */
export interface HubCatalog {
  tools: Map<string, HubTool>;
  prompts: Map<string, HubPrompt>;
  resources: HubResource[];
  resourceTemplates: Map<string, HubResourceTemplate>;
  collisions: NameCollision[];
}

/** Keeps only tools that pass the server's `include` and `exclude` globs. */
function toolFilter(definition: ServerDefinition): (name: string) => boolean {
  const included = definition.include === undefined ? () => true : picomatch(definition.include);
  const excluded = definition.exclude === undefined ? () => false : picomatch(definition.exclude);
  return (name) => included(name) && !excluded(name);
}

function variablesOf(uriTemplate: string): string[] {
  try {
    return new UriTemplate(uriTemplate).variableNames;
  } catch {
    return [];
  }
}

/** Hands out unique exposed names and records who collided. */
function createNamer(kind: NameCollision['kind'], separator: string, collisions: NameCollision[]) {
  const owners = new Map<string, NameCollision['claimants'][number]>();
  const byName = new Map<string, NameCollision>();
  return (definition: ServerDefinition, serverName: string): string => {
    const wanted = toExposedName(definition.prefix, serverName, separator);
    const first = owners.get(wanted);
    if (first === undefined) {
      owners.set(wanted, { server: definition.name, serverName, exposedName: wanted });
      return wanted;
    }
    const suffix = `_${shortHash(`${definition.name}\u0000${serverName}`)}`;
    const exposedName = `${wanted.slice(0, maxExposedNameLength - suffix.length)}${suffix}`;
    let collision = byName.get(wanted);
    if (collision === undefined) {
      collision = { kind, name: wanted, claimants: [first] };
      byName.set(wanted, collision);
      collisions.push(collision);
    }
    collision.claimants.push({ server: definition.name, serverName, exposedName });
    owners.set(exposedName, { server: definition.name, serverName, exposedName });
    return exposedName;
  };
}

/**
 * Merges the servers' catalogs into exposed names, in configuration order so the result never depends on which
 * server answered first. Tool filters apply here; collisions are resolved deterministically and reported.
 */
export function buildCatalog(entries: { definition: ServerDefinition; catalog: ServerCatalog }[], separator: string): HubCatalog {
  const result: HubCatalog = {
    tools: new Map(),
    prompts: new Map(),
    resources: [],
    resourceTemplates: new Map(),
    collisions: [],
  };
  const nameTool = createNamer('tool', separator, result.collisions);
  const namePrompt = createNamer('prompt', separator, result.collisions);
  const nameTemplate = createNamer('resourceTemplate', separator, result.collisions);
  for (const { definition, catalog } of entries) {
    const server = definition.name;
    const keep = toolFilter(definition);
    for (const tool of catalog.tools) {
      if (!keep(tool.name)) continue;
      const name = nameTool(definition, tool.name);
      result.tools.set(name, {
        name,
        server,
        serverToolName: tool.name,
        description: tool.description,
        inputSchema: tool.inputSchema,
        definition: tool,
      });
    }
    for (const prompt of catalog.prompts) {
      const name = namePrompt(definition, prompt.name);
      result.prompts.set(name, { name, server, serverPromptName: prompt.name, definition: prompt });
    }
    for (const resource of catalog.resources) result.resources.push({ server, uri: resource.uri, definition: resource });
    for (const template of catalog.resourceTemplates) {
      const name = nameTemplate(definition, template.name);
      const variables = variablesOf(template.uriTemplate);
      result.resourceTemplates.set(name, { name, server, uriTemplate: template.uriTemplate, variables, definition: template });
    }
  }
  return result;
}
