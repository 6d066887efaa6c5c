import type { LanguageModel } from 'ai';
import { McpflowError } from 'mcpflow';
import type { McpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { extractDocument } from '../extract/extract-document.ts';
import type { UrlPolicy } from '../files/fetch-url.ts';
import { type DocumentSource, loadSource } from '../files/load-source.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { parseDocument } from '../parse/parse-document.ts';
import type { ParseOptions } from '../parse/parsed-document.ts';
import { notifyProgress } from './notify-progress.ts';
import { citation, documentMetadata, indexName, page, parsedPage, sourceFields, withoutUndefined } from './tool-schemas.ts';

/** @internal What the document tools need. */
export interface DocumentToolsContext {
  store: DocumentStore;
  roots: readonly string[];
  urls: UrlPolicy | false;
  extractModel: LanguageModel | undefined;
}

/** @internal parse_document, extract and read_document. */
export function registerDocumentTools(server: McpflowServer, tools: DocumentToolsContext): McpflowServer {
  const { store, roots, urls } = tools;
  const parse = async (source: DocumentSource, options?: ParseOptions) => {
    const loaded = await loadSource(source, roots, urls);
    return parseDocument(loaded, options);
  };
  server.tool(
    'parse_document',
    {
      description:
        'Parse a document (by path under the allowed roots, http(s) URL, or inline base64) into Markdown, page by page: PDF with layout analysis (reading order, tables, headings), DOCX, PPTX, XLSX, HTML, Markdown, text, CSV',
      input: z.object({
        ...sourceFields,
        fromPage: z.number().int().min(1).optional().describe('First page to return (from 1)'),
        toPage: z.number().int().min(1).optional().describe('Last page to return'),
        ocr: z.boolean().optional().describe('OCR scanned PDF pages (slow; needs tesseract.js installed)'),
        includeBlocks: z.boolean().optional().describe("Return each PDF page's blocks (kind, bbox, text)"),
        password: z.string().max(1024).optional().describe('The password of an encrypted PDF (never echoed back)'),
      }),
      output: z.object({
        title: z.string().optional(),
        mediaType: z.string(),
        sha256: z.string(),
        bytes: z.number(),
        totalPages: z.number(),
        markdown: z.string().describe('The returned pages as one Markdown text'),
        metadata: documentMetadata,
        pages: z.array(parsedPage),
      }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
      task: 'optional',
    },
    async ({ fromPage, toPage, ocr, includeBlocks, password, ...source }, context) => {
      const progress = notifyProgress(context);
      // Long PDFs report each page parsed.
      const parsed = await parse(source, {
        ocr: ocr === true,
        signal: context.mcpReq.signal,
        onPage: progress,
        ...(password === undefined ? {} : { password }),
      });
      const pages = selectPages(parsed.pages, fromPage, toPage);
      const whole = pages.length === parsed.pages.length;
      return withoutUndefined({
        title: parsed.title,
        mediaType: parsed.mediaType,
        sha256: parsed.sha256,
        bytes: parsed.bytes,
        totalPages: parsed.pages.length,
        markdown: whole ? parsed.markdown : pages.map((entry) => entry.markdown).join('\n\n'),
        metadata: parsed.metadata,
        pages: pages.map(({ blocks, ...entry }) =>
          includeBlocks === true && blocks !== undefined ? { ...entry, blocks } : entry,
        ),
      });
    },
  );
  if (tools.extractModel !== undefined) {
    const model = tools.extractModel;
    server.tool(
      'extract',
      {
        description:
          'Extract data matching a JSON Schema from a document (path, URL, inline, or an indexed document), with a page and quoted span for every value',
        input: z.object({
          ...sourceFields,
          index: indexName.optional().describe('With id: an indexed document instead of a file'),
          id: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).describe('A JSON Schema of the data to extract'),
          instructions: z.string().max(10_000).optional(),
        }),
        output: z.object({
          data: z.unknown(),
          citations: z.array(citation),
          parts: z.number(),
          calls: z.number(),
        }),
        annotations: { readOnlyHint: true, idempotentHint: false, openWorldHint: true },
        task: 'optional',
      },
      async ({ index, id, schema, instructions, ...source }, context) => {
        let pages: { number: number; markdown: string }[];
        if (index !== undefined || id !== undefined) {
          if (index === undefined || id === undefined) throw new McpflowError('INVALID_INPUT', 'give both index and id');
          const found = await store.read(index, id);
          if (found === undefined) throw new McpflowError('NOT_FOUND', `no document "${id}" in index "${index}"`);
          pages = found.pages;
        } else pages = (await parse(source)).pages;
        const progress = notifyProgress(context);
        const result = await extractDocument({
          model,
          schema,
          pages,
          signal: context.mcpReq.signal,
          onProgress: (done, total) => progress(done, total, `part ${done} of ${total}`),
          ...(instructions === undefined ? {} : { instructions }),
        });
        return { data: result.data, citations: result.citations, parts: result.parts, calls: result.calls };
      },
    );
  }
  server.tool(
    'read_document',
    {
      description: 'Read an indexed document as Markdown, whole or a range of pages',
      input: z.object({
        index: indexName,
        id: z.string(),
        fromPage: z.number().int().min(1).optional().describe('First page (from 1)'),
        toPage: z.number().int().min(1).optional().describe('Last page'),
      }),
      output: z.object({
        id: z.string(),
        title: z.string().optional(),
        mediaType: z.string(),
        totalPages: z.number(),
        pages: z.array(page),
        markdown: z.string(),
      }),
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ index, id, fromPage, toPage }) => {
      const found = await store.read(index, id);
      if (found === undefined) throw new McpflowError('NOT_FOUND', `no document "${id}" in index "${index}"`);
      const pages = selectPages(found.pages, fromPage, toPage);
      const whole = fromPage === undefined && toPage === undefined;
      return withoutUndefined({
        id,
        title: found.document.title,
        mediaType: found.document.mediaType,
        totalPages: found.pages.length,
        pages,
        markdown: whole ? found.markdown : pages.map((entry) => entry.markdown).join('\n\n'),
      });
    },
  );
  return server;
}

function selectPages<T extends { number: number }>(pages: readonly T[], fromPage?: number, toPage?: number): T[] {
  const first = fromPage ?? 1;
  const last = toPage ?? Number.POSITIVE_INFINITY;
  if (first > last) throw new McpflowError('INVALID_INPUT', `fromPage ${first} is after toPage ${last}`);
  if (pages.length > 0 && first > (pages.at(-1)?.number ?? 0))
    throw new McpflowError('INVALID_INPUT', `the document has ${pages.length} pages; page ${first} does not exist`);
  return pages.filter((entry) => entry.number >= first && entry.number <= last);
}
