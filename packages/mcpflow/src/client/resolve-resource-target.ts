import { UriTemplate } from '@modelcontextprotocol/client';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { HubCatalog, HubResourceTemplate } from './build-catalog.ts';
import type { ResourceTarget } from './mcp-hub.ts';
import { type TemplateValue, toTemplateStrings } from './template-variables.ts';

function findTemplate(catalog: HubCatalog, template: string, server: string | undefined): HubResourceTemplate {
  const byName = catalog.resourceTemplates.get(template);
  if (byName !== undefined && (server === undefined || byName.server === server)) return byName;
  for (const candidate of catalog.resourceTemplates.values()) {
    if (candidate.uriTemplate === template && (server === undefined || candidate.server === server)) return candidate;
  }
  throw new McpflowError(
    'NOT_FOUND',
    `No resource template "${template}"${server === undefined ? '' : ` on server "${server}"`}`,
    {
      data: { kind: 'resourceTemplate', name: template, server },
    },
  );
}

function expand(template: HubResourceTemplate, variables: Record<string, TemplateValue>): string {
  const missing = template.variables.filter((name) => variables[name] === undefined);
  const unknown = Object.keys(variables).filter((name) => !template.variables.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...missing.map((name) => ({ path: `/${name}`, message: 'is required by the template' })),
      ...unknown.map((name) => ({ path: `/${name}`, message: 'is not a variable of the template' })),
    ];
    throw new McpflowError(
      'INVALID_ARGUMENTS',
      `Variables for template "${template.uriTemplate}": ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`,
      { data: { template: template.name, server: template.server, problems } },
    );
  }
  return new UriTemplate(template.uriTemplate).expand(toTemplateStrings(variables));
}

/** Which server owns a URI: a listed resource first, then the first template (in configuration order) that matches. */
function ownerOf(catalog: HubCatalog, uri: string): string | undefined {
  const listed = catalog.resources.find((resource) => resource.uri === uri);
  if (listed !== undefined) return listed.server;
  for (const template of catalog.resourceTemplates.values()) {
    try {
      if (new UriTemplate(template.uriTemplate).match(uri) !== null) return template.server;
    } catch {
      // A template the SDK cannot parse cannot own anything.
    }
  }
  return undefined;
}

/** Turns a `readResource` target into the server to ask and the concrete URI to read. */
export function resolveResourceTarget(target: ResourceTarget, catalog: HubCatalog): { server: string; uri: string } {
  if (typeof target !== 'string' && 'template' in target) {
    const template = findTemplate(catalog, target.template, target.server);
    return { server: template.server, uri: expand(template, target.variables as Record<string, TemplateValue>) };
  }
  const uri = typeof target === 'string' ? target : target.uri;
  const server = (typeof target === 'string' ? undefined : target.server) ?? ownerOf(catalog, uri);
  if (server === undefined) {
    throw new McpflowError('NOT_FOUND', `No server lists resource "${uri}" or a template matching it; name the server`, {
      data: { kind: 'resource', name: uri },
    });
  }
  return { server, uri };
}
