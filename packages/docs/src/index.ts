/**
 * Self-hosted document services over MCP: parse documents to Markdown, chunk them along their structure, index
 * them in SQLite (FTS5, BM25) and serve find, read, grep and retrieve as an MCP server. This entry point is the
 * complete public surface of `@mcpflow/docs`.
 *
 * @module
 */

export { runDocsCli } from './cli/run-docs-cli.ts';
export { type IndexDirectoryOptions, type IndexReport, indexDirectory } from './files/index-directory.ts';
export { type ConfinedPath, resolveInRoots } from './files/resolve-in-roots.ts';
export { type Chunk, type ChunkOptions, chunkMarkdown } from './index/chunk-markdown.ts';
export { createSqliteDocumentStore, type SqliteDocumentStoreOptions } from './index/create-sqlite-document-store.ts';
export type {
  DocumentFilter,
  DocumentStore,
  DocumentVersion,
  SearchHit,
  StoredDocument,
  UpsertOutcome,
} from './index/document-store.ts';
export { mediaTypeOf, parseDocument } from './parse/parse-document.ts';
export type {
  DocumentInput,
  DocumentMetadata,
  OcrOptions,
  ParsedDocument,
  ParsedPage,
  ParseOptions,
} from './parse/parsed-document.ts';
export type { PageBlock, PageBlockKind } from './parse/pdf/layout-types.ts';
export { createDocsServer, type DocsServerOptions } from './server/create-docs-server.ts';
