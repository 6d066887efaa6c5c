import {
  type ListResourcesResult,
  type McpServer,
  type ReadResourceResult,
  type Resource,
  ResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';

/** What a resource is, shown in listings. */
export interface ResourceDefinition {
  title?: string;
  description: string;
  mimeType?: string;
}

/** A resource template: a URI pattern such as `docs://items/{id}`, how to list its instances, and completion. */
export interface ResourceTemplateDefinition extends ResourceDefinition {
  /** The URI template (RFC 6570), e.g. `docs://items/{id}`. */
  uriTemplate: string;
  /** The concrete resources the template currently stands for, for `resources/list`. */
  list?: (context: ServerContext) => Resource[] | Promise<Resource[]>;
  /** Suggestions for each template variable, for `completion/complete`. */
  complete?: Record<string, (value: string, context?: { arguments?: Record<string, string> }) => string[] | Promise<string[]>>;
}

/**
 * What a read returns: a full `ReadResourceResult`, or just the content — text as a string, bytes as a
 * `Uint8Array` (sent base64) — which is wrapped with the URI and the definition's MIME type.
 */
export type ResourceContent = ReadResourceResult | string | Uint8Array;

/** Reads a static resource. */
export type ResourceReader = (uri: URL, context: ServerContext) => ResourceContent | Promise<ResourceContent>;

/** Reads an instance of a template, with the URI's variables filled in. */
export type TemplateReader = (
  uri: URL,
  variables: Record<string, string | string[]>,
  context: ServerContext,
) => ResourceContent | Promise<ResourceContent>;

/** @internal Registers a static resource on an SDK server. */
export function registerResource(
  server: McpServer,
  name: string,
  uri: string,
  definition: ResourceDefinition,
  read: ResourceReader,
): void {
  server.registerResource(name, uri, metadataOf(definition), async (url, context) =>
    toReadResult(await read(url, context), url, definition.mimeType),
  );
}

/** @internal Registers a resource template on an SDK server. */
export function registerResourceTemplate(
  server: McpServer,
  name: string,
  definition: ResourceTemplateDefinition,
  read: TemplateReader,
): void {
  const list = definition.list;
  const template = new ResourceTemplate(definition.uriTemplate, {
    list: list === undefined ? undefined : async (context): Promise<ListResourcesResult> => ({ resources: await list(context) }),
    ...(definition.complete === undefined ? {} : { complete: definition.complete }),
  });
  server.registerResource(name, template, metadataOf(definition), async (url, variables, context) =>
    toReadResult(await read(url, variables as Record<string, string | string[]>, context), url, definition.mimeType),
  );
}

function metadataOf(definition: ResourceDefinition): { title?: string; description: string; mimeType?: string } {
  const metadata: { title?: string; description: string; mimeType?: string } = { description: definition.description };
  if (definition.title !== undefined) metadata.title = definition.title;
  if (definition.mimeType !== undefined) metadata.mimeType = definition.mimeType;
  return metadata;
}

function toReadResult(content: ResourceContent, uri: URL, mimeType: string | undefined): ReadResourceResult {
  const base = mimeType === undefined ? { uri: uri.href } : { uri: uri.href, mimeType };
  if (typeof content === 'string') return { contents: [{ ...base, text: content }] };
  if (content instanceof Uint8Array) return { contents: [{ ...base, blob: Buffer.from(content).toString('base64') }] };
  return content;
}
