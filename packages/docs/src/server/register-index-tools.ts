import type { McpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { indexDirectory } from '../files/index-directory.ts';
import type { DocumentFilter, DocumentStore } from '../index/document-store.ts';
import { grepDocuments } from './grep-documents.ts';
import { notifyProgress } from './notify-progress.ts';
import { documentUri, hit, indexName, metadataFilter, withoutUndefined } from './tool-schemas.ts';

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/** @internal index_files, list_indexes, find_files, grep and retrieve. */
export function registerIndexTools(server: McpflowServer, store: DocumentStore, roots: readonly string[]): McpflowServer {
  return server
    .tool(
      'index_files',
      {
        description:
          'Index every supported file in a folder under the roots (incremental: unchanged files are skipped, deleted ones removed)',
        input: z.object({
          index: indexName,
          directory: z.string(),
          include: z.array(z.string()).optional().describe('Glob patterns of files to take'),
          exclude: z.array(z.string()).optional().describe('Glob patterns of files to leave out'),
          metadata: z
            .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
            .optional()
            .describe('Metadata for every document indexed (retrieve and find_files filter on it)'),
          password: z.string().max(1024).optional().describe('The password of encrypted PDFs in the folder (never echoed back)'),
        }),
        output: z.object({
          added: z.number(),
          updated: z.number(),
          unchanged: z.number(),
          removed: z.number(),
          failed: z.array(z.object({ file: z.string(), error: z.string() })),
        }),
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
        task: 'optional',
      },
      async ({ index, directory, include, exclude, metadata, password }, context) => {
        const progress = notifyProgress(context);
        return indexDirectory(store, directory, {
          index,
          roots,
          ...(include === undefined ? {} : { include }),
          ...(exclude === undefined ? {} : { exclude }),
          ...(metadata === undefined ? {} : { metadata }),
          ...(password === undefined ? {} : { password }),
          signal: context.mcpReq.signal,
          onProgress: progress,
        });
      },
    )
    .tool(
      'list_indexes',
      {
        description: 'List the indexes with their document and chunk counts, and what the store can search by',
        input: z.object({}),
        output: z.object({
          indexes: z.array(z.object({ name: z.string(), documents: z.number(), chunks: z.number() })),
          fullText: z.string(),
          vector: z.string(),
          embedder: z.string().optional(),
        }),
        annotations: readOnly,
      },
      async () => withoutUndefined({ indexes: await store.indexes(), ...store.capabilities }),
    )
    .tool(
      'find_files',
      {
        description: 'Find documents in an index by path prefix, by words in their path or title, or by metadata',
        input: z.object({
          index: indexName,
          pathPrefix: z.string().optional(),
          nameContains: z.string().optional(),
          metadata: metadataFilter,
        }),
        output: z.object({
          files: z.array(
            z.object({
              id: z.string(),
              uri: z.string(),
              title: z.string().optional(),
              mediaType: z.string(),
              bytes: z.number(),
              pages: z.number(),
              chunks: z.number(),
              metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
            }),
          ),
        }),
        annotations: readOnly,
      },
      async ({ index, pathPrefix, nameContains, metadata }) => {
        const documents = await store.list(index, toFilter(pathPrefix, undefined, metadata));
        const needle = nameContains?.toLowerCase();
        const files = documents
          .filter(
            (document) =>
              needle === undefined ||
              document.id.toLowerCase().includes(needle) ||
              (document.title ?? '').toLowerCase().includes(needle),
          )
          .map((document) =>
            withoutUndefined({
              id: document.id,
              uri: documentUri(index, document.id),
              title: document.title,
              mediaType: document.mediaType,
              bytes: document.bytes,
              pages: document.pages,
              chunks: document.chunks,
              metadata: document.metadata,
            }),
          );
        return { files };
      },
    )
    .tool(
      'grep',
      {
        description: 'Find lines containing a text (case-insensitive, literal) in the documents of an index',
        input: z.object({
          index: indexName,
          text: z.string().min(1).max(200),
          pathPrefix: z.string().optional(),
          limit: z.number().int().min(1).max(500).default(50),
        }),
        output: z.object({
          matches: z.array(z.object({ id: z.string(), line: z.number(), text: z.string() })),
          truncated: z.boolean(),
        }),
        annotations: readOnly,
      },
      async ({ index, text, pathPrefix, limit }) =>
        grepDocuments(store, index, text, { limit, ...(pathPrefix === undefined ? {} : { pathPrefix }) }),
    )
    .tool(
      'retrieve',
      {
        description:
          'Retrieve the passages of an index that best match a query: hybrid (BM25 + vectors, reciprocal-rank fusion) when the server has an embedder, else BM25',
        input: z.object({
          index: indexName,
          query: z.string().min(1).max(2000),
          limit: z.number().int().min(1).max(50).default(10),
          mode: z.enum(['bm25', 'vector', 'hybrid']).optional().describe('Default: hybrid with an embedder, else bm25'),
          pathPrefix: z.string().optional(),
          mediaType: z.string().optional(),
          metadata: metadataFilter,
        }),
        output: z.object({ mode: z.string(), hits: z.array(hit) }),
        annotations: readOnly,
      },
      async ({ index, query, limit, mode, pathPrefix, mediaType, metadata }) => {
        const used = mode ?? (store.capabilities.vector === 'none' ? 'bm25' : 'hybrid');
        const hits = await store.search(index, query, {
          limit,
          mode: used,
          filter: toFilter(pathPrefix, mediaType, metadata),
        });
        return {
          mode: store.capabilities.vector === 'none' && used === 'hybrid' ? 'bm25' : used,
          hits: hits.map(({ documentId, title, heading, page, text, score, bm25Rank, vectorRank }) =>
            withoutUndefined({
              documentId,
              title,
              heading,
              page,
              text,
              score,
              bm25Rank,
              vectorRank,
              uri: documentUri(index, documentId),
            }),
          ),
        };
      },
    );
}

function toFilter(
  idPrefix: string | undefined,
  mediaType: string | undefined,
  metadata: Record<string, string | number | boolean> | undefined,
): DocumentFilter {
  return {
    ...(idPrefix === undefined ? {} : { idPrefix }),
    ...(mediaType === undefined ? {} : { mediaType }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}
