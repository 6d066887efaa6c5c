import type { Client } from '@modelcontextprotocol/client';
import type { ServerCatalog } from './build-catalog.ts';

/** Which parts of a catalog to fetch; `resources` covers concrete resources and templates. */
export type CatalogPart = 'tools' | 'prompts' | 'resources';

/**
 * Fetches the listed parts of a server's catalog. Each `list*()` call without a cursor makes the SDK follow
 * `nextCursor` through every page (capped at 64 pages, where it throws rather than return a partial list).
 * Parts the server does not advertise are empty without a request.
 */
export async function fetchServerCatalog(
  client: Client,
  timeoutMs: number,
  parts: readonly CatalogPart[] = ['tools', 'prompts', 'resources'],
  previous: ServerCatalog = { tools: [], prompts: [], resources: [], resourceTemplates: [] },
): Promise<ServerCatalog> {
  const capabilities = client.getServerCapabilities() ?? {};
  const options = { timeout: timeoutMs, cacheMode: 'refresh' } as const;
  const wanted = (part: CatalogPart) => parts.includes(part) && capabilities[part] !== undefined;
  const [tools, prompts, resources, resourceTemplates] = await Promise.all([
    wanted('tools') ? client.listTools(undefined, options).then((result) => result.tools) : undefined,
    wanted('prompts') ? client.listPrompts(undefined, options).then((result) => result.prompts) : undefined,
    wanted('resources') ? client.listResources(undefined, options).then((result) => result.resources) : undefined,
    wanted('resources') ? client.listResourceTemplates(undefined, options).then((result) => result.resourceTemplates) : undefined,
  ]);
  const keep = <T>(part: CatalogPart, fetched: T[] | undefined, old: T[]): T[] => fetched ?? (parts.includes(part) ? [] : old);
  return {
    tools: keep('tools', tools, previous.tools),
    prompts: keep('prompts', prompts, previous.prompts),
    resources: keep('resources', resources, previous.resources),
    resourceTemplates: keep('resources', resourceTemplates, previous.resourceTemplates),
  };
}
