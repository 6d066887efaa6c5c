import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkPages } from '../index/chunk-pages.ts';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { createDocsServer } from './create-docs-server.ts';

const pages = [1, 2, 3, 4].map((number) => ({ number, markdown: `## Page ${number}\n\nThe text of page ${number}.` }));

describe('document resources', () => {
  let directory = '';
  let store: DocumentStore;
  let http: Awaited<ReturnType<typeof serveHttp>>;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-resources-'));
    store = createSqliteDocumentStore({ path: join(directory, 'docs.db') });
    const markdown = pages.map((page) => page.markdown).join('\n\n');
    for (const id of ['reports/annual.pdf', 'reports/audit.pdf', 'notes.md'])
      await store.upsert('papers', {
        id,
        title: id,
        mediaType: 'application/pdf',
        sha256: id,
        bytes: markdown.length,
        markdown,
        pages,
        chunks: chunkPages(pages),
      });
    http = await serveHttp(createDocsServer({ store, roots: [directory] }));
  });
  afterAll(async () => {
    await http.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  for (const era of ['2025-11-25', '2026-07-28'] as const) {
    it(`reads page ranges and completes indexes, paths and pages (${era})`, async () => {
      const options = era === '2026-07-28' ? { versionNegotiation: { mode: { pin: era } } } : {};
      const client = new Client({ name: 'resources-test', version: '1.0.0' }, options as never);
      await client.connect(new StreamableHTTPClientTransport(http.url));
      try {
        const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
        expect(templates).toEqual(['doc://{index}/{+id}/pages/{range}', 'doc://{index}/{+id}']);
        const range = await client.readResource({ uri: 'doc://papers/reports/annual.pdf/pages/2-3' });
        expect(range.contents).toEqual([
          {
            uri: 'doc://papers/reports/annual.pdf/pages/2-3',
            mimeType: 'text/markdown',
            text: '## Page 2\n\nThe text of page 2.\n\n## Page 3\n\nThe text of page 3.',
          },
        ]);
        const one = await client.readResource({ uri: 'doc://papers/notes.md/pages/4' });
        expect(one.contents[0]).toMatchObject({ text: '## Page 4\n\nThe text of page 4.' });
        const whole = await client.readResource({ uri: 'doc://papers/reports/audit.pdf' });
        expect(whole.contents[0]).toMatchObject({ text: expect.stringContaining('## Page 1') });
        await expect(client.readResource({ uri: 'doc://papers/notes.md/pages/9' })).rejects.toThrow(/has 4 pages/);
        await expect(client.readResource({ uri: 'doc://papers/notes.md/pages/3-1' })).rejects.toThrow(/not a page range/);

        const ref = { type: 'ref/resource' as const, uri: 'doc://{index}/{+id}/pages/{range}' };
        const complete = async (name: string, value: string, context?: Record<string, string>) =>
          (
            await client.complete({
              ref,
              argument: { name, value },
              ...(context === undefined ? {} : { context: { arguments: context } }),
            })
          ).completion.values;
        expect(await complete('index', 'pa')).toEqual(['papers']);
        expect(await complete('id', 'reports/a', { index: 'papers' })).toEqual(['reports/annual.pdf', 'reports/audit.pdf']);
        expect(await complete('range', '', { index: 'papers', id: 'notes.md' })).toEqual(['1', '2', '3', '4', '1-4']);
        const documentRef = { type: 'ref/resource' as const, uri: 'doc://{index}/{+id}' };
        const ids = await client.complete({ ref: documentRef, argument: { name: 'id', value: 'n' } });
        expect(ids.completion.values).toEqual(['notes.md']);
      } finally {
        await client.close();
      }
    });
  }
});
