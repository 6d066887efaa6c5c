import type { LanguageModel } from 'ai';
import { createMcpflowServer, type McpflowServer, type McpflowServerOptions } from 'mcpflow/server';
import type { UrlPolicy } from '../files/fetch-url.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { registerDocumentResources } from './register-document-resources.ts';
import { registerDocumentTools } from './register-document-tools.ts';
import { registerIndexTools } from './register-index-tools.ts';

/** Options for {@link createDocsServer}. */
export interface DocsServerOptions {
  /** Where indexes live (e.g. `createSqliteDocumentStore({ path: 'docs.db' })`). */
  store: DocumentStore;
  /** Folders the server may read; paths outside them (traversal, symbolic links) are refused. */
  roots: readonly string[];
  /**
   * How documents given by URL are fetched (SSRF guard: non-public addresses refused unless `allowAddress` says
   * otherwise), or `false` to refuse URLs. @default {} (the guard's defaults)
   */
  urls?: UrlPolicy | false;
  /** The model behind the `extract` tool (any AI SDK model with structured output); without it there is no `extract`. */
  extractModel?: LanguageModel;
  /** The server's name. @default 'mcpflow-docs' */
  name?: string;
  /** Passed on to `createMcpflowServer`: a shared or durable task store, task timings, auth-related keys… */
  server?: Omit<McpflowServerOptions, 'name' | 'instructions'>;
}

/**
 * An MCP server for self-hosted document services: parse and extract from files, URLs or inline content; index
 * folders; find, read (by page), grep and retrieve what is indexed. Every tool has an output schema, structured
 * results and annotations; long calls report progress and can run as tasks; indexed documents are resources
 * (`doc://{index}/{id}`, and page ranges `doc://{index}/{id}/pages/{range}`), with completion.
 *
 * @example
 * ```ts
 * const server = createDocsServer({ store: createSqliteDocumentStore({ path: 'docs.db' }), roots: ['/srv/pdfs'] })
 * serveStdio(server)
 * ```
 */
export function createDocsServer(options: DocsServerOptions): McpflowServer {
  const { store, roots } = options;
  const server = createMcpflowServer({
    version: '0.1.0',
    ...options.server,
    name: options.name ?? 'mcpflow-docs',
    instructions:
      'Index folders with index_files, then use retrieve to find passages and read_document to read them (by page).' +
      (options.extractModel === undefined ? '' : ' Use extract for structured data with citations.'),
  });
  registerDocumentTools(server, { store, roots, urls: options.urls ?? {}, extractModel: options.extractModel });
  registerIndexTools(server, store, roots);
  return registerDocumentResources(server, store);
}
