/**
 * Self-hosted document services over MCP: parse documents to Markdown, extract structured data with verified
 * citations, chunk them along their structure, index them in SQLite (FTS5 + sqlite-vec) or PostgreSQL (tsvector +
 * pgvector or `real[]`), search by BM25, vector or both (reciprocal-rank fusion), and serve it all as an MCP server.
 * This entry point is the complete public surface of `@mcpflow/docs`.
 *
 * @module
 */

export { type RunDocsCliOptions, runDocsCli } from './cli/run-docs-cli.ts';
export { type AiSdkEmbedderOptions, createAiSdkEmbedder } from './embed/create-ai-sdk-embedder.ts';
export { createHashingEmbedder, type HashingEmbedderOptions } from './embed/create-hashing-embedder.ts';
export type { Embedder } from './embed/embedder.ts';
export { type ResolveEmbedderOptions, resolveEmbedder } from './embed/resolve-embedder.ts';
export type { Citation } from './extract/citations.ts';
export { type ExtractOptions, type ExtractResult, extractDocument } from './extract/extract-document.ts';
export { fetchUrl, isNonPublicAddress, type UrlPolicy } from './files/fetch-url.ts';
export { type IndexDirectoryOptions, type IndexReport, indexDirectory } from './files/index-directory.ts';
export { type DocumentSource, loadSource } from './files/load-source.ts';
export { type ConfinedPath, resolveInRoots } from './files/resolve-in-roots.ts';
export { type Chunk, type ChunkOptions, chunkMarkdown } from './index/chunk-markdown.ts';
export { chunkPages } from './index/chunk-pages.ts';
export {
  createPostgresDocumentStore,
  type PostgresDocumentStoreOptions,
} from './index/create-postgres-document-store.ts';
export { createSqliteDocumentStore, type SqliteDocumentStoreOptions } from './index/create-sqlite-document-store.ts';
export type {
  DocumentFilter,
  DocumentStore,
  DocumentVersion,
  MetadataValue,
  ReadDocument,
  SearchHit,
  SearchMode,
  SearchOptions,
  StoreCapabilities,
  StoredDocument,
  UpsertOutcome,
} from './index/document-store.ts';
export { mediaTypeOf, parseDocument } from './parse/parse-document.ts';
export type {
  DocumentInput,
  DocumentMetadata,
  OcrOptions,
  PageImage,
  ParsedDocument,
  ParsedPage,
  ParseOptions,
} from './parse/parsed-document.ts';
export type { PageBlock, PageBlockKind } from './parse/pdf/layout-types.ts';
export { createDocsServer, type DocsServerOptions } from './server/create-docs-server.ts';
