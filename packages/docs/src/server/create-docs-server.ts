import { readFile } from 'node:fs/promises';
import { McpflowError } from 'mcpflow';
import { createMcpflowServer, type McpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { indexDirectory } from '../files/index-directory.ts';
import { resolveInRoots } from '../files/resolve-in-roots.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { grepDocuments } from './grep-documents.ts';

/** Options for {@link createDocsServer}. */
export interface DocsServerOptions {
  /** Where indexes live (e.g. `createSqliteDocumentStore({ path: 'docs.db' })`). */
  store: DocumentStore;
  /** Folders the server may read; paths outside them (traversal, symbolic links) are refused. */
  roots: readonly string[];
  /** The server's name. @default 'mcpflow-docs' */
  name?: string;
}

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;
const indexName = z.string().min(1).max(100).describe('The index name');
const hit = z.object({
  documentId: z.string(),
  title: z.string().optional(),
  heading: z.string(),
  page: z.number(),
  text: z.string(),
  score: z.number(),
});

const metadataSchema = z.object({
  pageCount: z.number(),
  title: z.string().optional(),
  author: z.string().optional(),
  subject: z.string().optional(),
  keywords: z.string().optional(),
  creator: z.string().optional(),
  producer: z.string().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
});
const pageSchema = z.object({
  number: z.number(),
  title: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  scanned: z.boolean().optional(),
  ocr: z.boolean().optional(),
  error: z.string().optional(),
  blocks: z
    .array(
      z.object({
        kind: z.enum(['heading', 'paragraph', 'list-item', 'table', 'code']),
        bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        text: z.string(),
        level: z.number().optional(),
        rows: z.array(z.array(z.string())).optional(),
        ruled: z.boolean().optional(),
        fontSize: z.number(),
      }),
    )
    .optional(),
});

/**
 * An MCP server for self-hosted document services: parse files, index folders, and find, read, grep and retrieve
 * what is indexed. Every tool has an output schema and structured results; indexing reports progress.
 *
 * @example
 * ```ts
 * const server = createDocsServer({ store: createSqliteDocumentStore({ path: 'docs.db' }), roots: ['/srv/pdfs'] })
 * serveStdio(server)
 * ```
 */
export function createDocsServer(options: DocsServerOptions): McpflowServer {
  const { store, roots } = options;
  return createMcpflowServer({
    name: options.name ?? 'mcpflow-docs',
    version: '0.1.0',
    instructions: 'Index folders with index_files, then use retrieve to find passages and read_document to read them.',
  })
    .tool(
      'parse_document',
      {
        description:
          'Parse a file under the allowed roots into Markdown (PDF with layout analysis, DOCX, PPTX, XLSX, HTML, Markdown, text, CSV), with its metadata and pages',
        input: z.object({
          path: z.string().describe('Path relative to the first root, or absolute inside a root'),
          ocr: z.boolean().optional().describe('OCR scanned PDF pages (slow; needs tesseract.js installed)'),
          includeBlocks: z.boolean().optional().describe("Return each PDF page's blocks (kind, bbox, text)"),
        }),
        output: z.object({
          title: z.string().optional(),
          mediaType: z.string(),
          sha256: z.string(),
          bytes: z.number(),
          markdown: z.string(),
          metadata: metadataSchema,
          pages: z.array(pageSchema),
        }),
        annotations: readOnly,
      },
      async ({ path, ocr, includeBlocks }, context) => {
        const confined = await resolveInRoots(roots, path);
        const progressToken = context.mcpReq._meta?.progressToken;
        const parsed = await parseDocument(
          { bytes: await readFile(confined.path), name: confined.path },
          {
            ocr: ocr === true,
            signal: context.mcpReq.signal,
            // Long PDFs report each page parsed.
            onPage: (done, total) => {
              if (progressToken === undefined) return;
              void context.mcpReq
                .notify({ method: 'notifications/progress', params: { progressToken, progress: done, total } })
                .catch(() => undefined);
            },
          },
        );
        return withoutUndefined({
          title: parsed.title,
          mediaType: parsed.mediaType,
          sha256: parsed.sha256,
          bytes: parsed.bytes,
          markdown: parsed.markdown,
          metadata: parsed.metadata,
          pages: parsed.pages.map(({ markdown: _, blocks, ...page }) =>
            includeBlocks === true && blocks !== undefined ? { ...page, blocks } : page,
          ),
        });
      },
    )
    .tool(
      'index_files',
      {
        description: 'Index every supported file in a folder (incremental: unchanged files are skipped, deleted ones removed)',
        input: z.object({
          index: indexName,
          directory: z.string(),
          include: z.array(z.string()).optional(),
          exclude: z.array(z.string()).optional(),
        }),
        output: z.object({
          added: z.number(),
          updated: z.number(),
          unchanged: z.number(),
          removed: z.number(),
          failed: z.array(z.object({ file: z.string(), error: z.string() })),
        }),
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      async ({ index, directory, include, exclude }, context) => {
        const progressToken = context.mcpReq._meta?.progressToken;
        return indexDirectory(store, directory, {
          index,
          roots,
          ...(include === undefined ? {} : { include }),
          ...(exclude === undefined ? {} : { exclude }),
          signal: context.mcpReq.signal,
          onProgress: (done, total, file) => {
            if (progressToken === undefined) return;
            void context.mcpReq
              .notify({ method: 'notifications/progress', params: { progressToken, progress: done, total, message: file } })
              .catch(() => undefined);
          },
        });
      },
    )
    .tool(
      'list_indexes',
      {
        description: 'List the indexes with their document and chunk counts',
        input: z.object({}),
        output: z.object({ indexes: z.array(z.object({ name: z.string(), documents: z.number(), chunks: z.number() })) }),
        annotations: readOnly,
      },
      async () => ({
        indexes: await store.indexes(),
      }),
    )
    .tool(
      'find_files',
      {
        description: 'Find documents in an index by path prefix or by words in their path or title',
        input: z.object({ index: indexName, pathPrefix: z.string().optional(), nameContains: z.string().optional() }),
        output: z.object({
          files: z.array(
            z.object({
              id: z.string(),
              title: z.string().optional(),
              mediaType: z.string(),
              bytes: z.number(),
              chunks: z.number(),
            }),
          ),
        }),
        annotations: readOnly,
      },
      async ({ index, pathPrefix, nameContains }) => {
        const documents = await store.list(index, pathPrefix === undefined ? {} : { idPrefix: pathPrefix });
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
              title: document.title,
              mediaType: document.mediaType,
              bytes: document.bytes,
              chunks: document.chunks,
            }),
          );
        return { files };
      },
    )
    .tool(
      'read_document',
      {
        description: 'Read an indexed document as Markdown',
        input: z.object({ index: indexName, id: z.string() }),
        output: z.object({ id: z.string(), title: z.string().optional(), mediaType: z.string(), markdown: z.string() }),
        annotations: readOnly,
      },
      async ({ index, id }) => {
        const found = await store.read(index, id);
        if (found === undefined) throw new McpflowError('NOT_FOUND', `no document "${id}" in index "${index}"`);
        return withoutUndefined({
          id,
          title: found.document.title,
          mediaType: found.document.mediaType,
          markdown: found.markdown,
        });
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
        description: 'Retrieve the passages of an index that best match a query (BM25 over structure-aware chunks)',
        input: z.object({
          index: indexName,
          query: z.string().min(1).max(2000),
          limit: z.number().int().min(1).max(50).default(10),
          pathPrefix: z.string().optional(),
          mediaType: z.string().optional(),
        }),
        output: z.object({ hits: z.array(hit) }),
        annotations: readOnly,
      },
      async ({ index, query, limit, pathPrefix, mediaType }) => {
        const filter = {
          ...(pathPrefix === undefined ? {} : { idPrefix: pathPrefix }),
          ...(mediaType === undefined ? {} : { mediaType }),
        };
        const hits = await store.search(index, query, { limit, filter });
        return {
          hits: hits.map(({ documentId, title, heading, page, text, score }) =>
            withoutUndefined({ documentId, title, heading, page, text, score }),
          ),
        };
      },
    )
    .resourceTemplate(
      'document',
      {
        uriTemplate: 'doc://{index}/{+id}',
        description: 'An indexed document as Markdown',
        mimeType: 'text/markdown',
        list: async () => {
          const indexes = await store.indexes();
          const lists = await Promise.all(indexes.map((index) => store.list(index.name)));
          return lists.flat().map((document) => ({
            uri: `doc://${document.index}/${document.id}`,
            name: document.title ?? document.id,
            mimeType: 'text/markdown',
          }));
        },
      },
      async (_uri, variables) => {
        const found = await store.read(String(variables.index), String(variables.id));
        if (found === undefined)
          throw new McpflowError('NOT_FOUND', `no document "${String(variables.id)}" in index "${String(variables.index)}"`);
        return found.markdown;
      },
    );
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
