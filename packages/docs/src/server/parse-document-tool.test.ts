import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import { illustratedWordDocument, PIXEL_BYTES } from '../test-support/image-fixtures.ts';
import { workbook } from '../test-support/office-fixtures.ts';
import { tablePage, twoColumnPaper } from '../test-support/pdf-fixtures.ts';
import { createDocsServer } from './create-docs-server.ts';

describe('parse_document and index_files on PDF and Office files', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mcpflow-docs-parse-tool-'));
    await writeFile(join(root, 'paper.pdf'), (await twoColumnPaper()).bytes);
    await writeFile(join(root, 'table.pdf'), (await tablePage(true)).bytes);
    await writeFile(join(root, 'sales.xlsx'), await workbook());
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns a PDF as Markdown with metadata, pages and blocks, reporting progress page by page', async () => {
    const http = await serveHttp(
      createDocsServer({ store: createSqliteDocumentStore({ path: join(root, 'docs.db') }), roots: [root] }),
    );
    const client = new Client({ name: 'parse-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(http.url));
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'parse_document', arguments: { path: 'paper.pdf', includeBlocks: true } },
        { onprogress: (update) => progress.push(update.progress) },
      );
      const content = result.structuredContent as {
        markdown: string;
        metadata: { pageCount: number; author: string };
        pages: Array<{ number: number; blocks: Array<{ kind: string; bbox: number[] }> }>;
      };
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(content.metadata).toMatchObject({ pageCount: 3, author: 'Test Author' });
      expect(content.pages.map((page) => page.number)).toEqual([1, 2, 3]);
      expect(content.pages[0]?.blocks[0]).toMatchObject({ kind: 'heading' });
      expect(content.markdown).toContain('<!-- page 2 -->');
      expect(progress).toEqual([1, 2, 3]);

      const table = await client.callTool({ name: 'parse_document', arguments: { path: 'table.pdf' } });
      expect((table.structuredContent as { markdown: string }).markdown).toContain('| North | Q1 | 1,204 | 3.5% |');
      expect((table.structuredContent as { pages: object[] }).pages[0]).not.toHaveProperty('blocks');

      const indexed = await client.callTool({ name: 'index_files', arguments: { index: 'files', directory: '.' } });
      expect(indexed.structuredContent).toMatchObject({ added: 3, failed: [] });
      const hits = await client.callTool({ name: 'retrieve', arguments: { index: 'files', query: 'revenue growth by region' } });
      expect((hits.structuredContent as { hits: Array<{ documentId: string }> }).hits[0]?.documentId).toBe('table.pdf');
    } finally {
      await client.close();
      await http.close();
    }
  });

  it('lists a DOCX page range with its images, which the output schema accepts', async () => {
    const http = await serveHttp(createDocsServer({ store: createSqliteDocumentStore({ path: ':memory:' }), roots: [root] }));
    const client = new Client({ name: 'parse-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(http.url));
      const content = Buffer.from(await illustratedWordDocument()).toString('base64');
      const result = await client.callTool({
        name: 'parse_document',
        arguments: { content, name: 'report.docx', fromPage: 2 },
      });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const parsed = result.structuredContent as {
        totalPages: number;
        markdown: string;
        pages: { number: number; images?: { source: string; alt?: string; bytes?: number }[] }[];
      };
      expect(parsed.totalPages).toBe(2);
      expect(parsed.pages.map((page) => page.number)).toEqual([2]);
      expect(parsed.pages[0]?.images).toMatchObject([{ alt: 'Office photo', bytes: PIXEL_BYTES }, { bytes: PIXEL_BYTES }]);
      expect(parsed.markdown).toContain('![Office photo](word/media/');
    } finally {
      await client.close();
      await http.close();
    }
  });
});
