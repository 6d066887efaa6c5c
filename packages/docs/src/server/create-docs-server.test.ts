import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import { createDocsServer } from './create-docs-server.ts';

describe('the docs MCP server', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mcpflow-docs-server-'));
    await mkdir(join(root, 'manuals'));
    await writeFile(
      join(root, 'manuals', 'logs.md'),
      '# Logs\n\nRotate log files nightly with logrotate.\n\n## Compression\n\nCompress rotated logs to save disk space.',
    );
    await writeFile(
      join(root, 'manuals', 'disks.html'),
      '<html><head><title>Disks</title></head><body><article><h1>Disks</h1><p>Use df to see how much disk space is free on each mounted file system, and du to find large folders.</p></article></body></html>',
    );
    await writeFile(join(root, 'manuals', 'servers.csv'), 'host,role\nalpha,web\nbeta,database\n');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('indexes a folder with progress, then finds, retrieves, reads and greps over MCP with structured results', async () => {
    const store = createSqliteDocumentStore({ path: join(root, 'docs.db') });
    const http = await serveHttp(createDocsServer({ store, roots: [root] }));
    const client = new Client({ name: 'docs-test', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    try {
      await client.connect(new StreamableHTTPClientTransport(http.url));
      const tools = (await client.listTools()).tools;
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        'find_files',
        'grep',
        'index_files',
        'list_indexes',
        'parse_document',
        'read_document',
        'retrieve',
      ]);
      expect(tools.every((tool) => tool.outputSchema !== undefined)).toBe(true);
      expect(tools.find((tool) => tool.name === 'retrieve')?.annotations).toMatchObject({ readOnlyHint: true });

      const progress: number[] = [];
      const indexed = await client.callTool(
        { name: 'index_files', arguments: { index: 'ops', directory: 'manuals' } },
        { onprogress: (update) => progress.push(update.progress) },
      );
      expect(indexed.structuredContent).toEqual({ added: 3, updated: 0, unchanged: 0, removed: 0, failed: [] });
      expect(progress).toEqual([1, 2, 3]);
      const again = await client.callTool({ name: 'index_files', arguments: { index: 'ops', directory: 'manuals' } });
      expect(again.structuredContent).toMatchObject({ added: 0, unchanged: 3 });

      const retrieved = await client.callTool({
        name: 'retrieve',
        arguments: { index: 'ops', query: 'how do I compress rotated logs?' },
      });
      const hits = (retrieved.structuredContent as { hits: { documentId: string; heading: string }[] }).hits;
      expect(hits[0]).toMatchObject({ documentId: 'logs.md', heading: 'Logs > Compression' });
      const diskHits = await client.callTool({
        name: 'retrieve',
        arguments: { index: 'ops', query: 'free disk space', mediaType: 'text/html' },
      });
      expect((diskHits.structuredContent as { hits: { documentId: string }[] }).hits.map((hit) => hit.documentId)).toEqual([
        'disks.html',
      ]);

      const found = await client.callTool({ name: 'find_files', arguments: { index: 'ops', nameContains: 'disk' } });
      expect(found.structuredContent).toMatchObject({ files: [{ id: 'disks.html', title: 'Disks', mediaType: 'text/html' }] });
      const read = await client.callTool({ name: 'read_document', arguments: { index: 'ops', id: 'servers.csv' } });
      expect((read.structuredContent as { markdown: string }).markdown).toContain('| beta | database |');
      const grep = await client.callTool({ name: 'grep', arguments: { index: 'ops', text: 'LOGROTATE' } });
      expect(grep.structuredContent).toEqual({
        matches: [{ id: 'logs.md', line: 3, text: 'Rotate log files nightly with logrotate.' }],
        truncated: false,
      });
      expect((await client.callTool({ name: 'list_indexes', arguments: {} })).structuredContent).toEqual({
        indexes: [{ name: 'ops', documents: 3, chunks: 4 }],
        fullText: 'sqlite-fts5',
        vector: 'none',
      });

      const resource = await client.readResource({ uri: 'doc://ops/logs.md' });
      expect(resource.contents[0]).toMatchObject({ mimeType: 'text/markdown', text: expect.stringContaining('# Logs') });
      const missing = await client.callTool({ name: 'read_document', arguments: { index: 'ops', id: 'nope.md' } });
      expect(missing.isError).toBe(true);
      const outside = await client.callTool({ name: 'parse_document', arguments: { path: '../../etc/passwd' } });
      expect(outside.isError).toBe(true);
      expect(JSON.stringify(outside.content)).toContain('outside the allowed roots');
    } finally {
      await client.close();
      await http.close();
      await store.close();
    }
  });
});
