/**
 * Indexes a folder into one SQLite file with vectors (the offline hashing embedder), searches it by BM25 and by
 * hybrid fusion with a metadata filter, then serves it over MCP and retrieves through an SDK client, reading the
 * hit back by page. Exits 1 on any mismatch.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocsServer, createHashingEmbedder, createSqliteDocumentStore, indexDirectory } from '@mcpflow/docs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';

const folder = await mkdtemp(join(tmpdir(), 'mcpflow-example-docs-'));
await writeFile(
  join(folder, 'backups.md'),
  '# Backups\n\nSnapshots run nightly.\n\n## Restore\n\nRestoring a snapshot takes minutes.',
);
await writeFile(join(folder, 'logs.md'), '# Logs\n\nRotate log files weekly with logrotate.');
const store = createSqliteDocumentStore({ path: join(folder, 'index.db'), embedder: createHashingEmbedder() });
try {
  const report = await indexDirectory(store, folder, { index: 'ops', roots: [folder], metadata: { team: 'sre' } });
  assert.deepEqual(report, { added: 2, updated: 0, unchanged: 0, removed: 0, failed: [] });

  // Hybrid: the BM25 and vector lists fused by reciprocal rank; each hit keeps its rank in both.
  const [hybrid] = await store.search('ops', 'restored snapshots', { filter: { metadata: { team: 'sre' } } });
  assert.equal(hybrid?.heading, 'Backups > Restore');
  console.log(
    `hybrid: ${hybrid?.documentId} "${hybrid?.heading}" (BM25 rank ${hybrid?.bm25Rank}, vector rank ${hybrid?.vectorRank})`,
  );

  const http = await serveHttp(createDocsServer({ store, roots: [folder] }));
  const client = new Client({ name: 'example', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(http.url));
    const retrieved = await client.callTool({ name: 'retrieve', arguments: { index: 'ops', query: 'rotate logs' } });
    const hits = (retrieved.structuredContent as { mode: string; hits: { documentId: string; page: number }[] }).hits;
    assert.equal(hits[0]?.documentId, 'logs.md');
    const read = await client.callTool({
      name: 'read_document',
      arguments: { index: 'ops', id: 'logs.md', fromPage: hits[0]?.page, toPage: hits[0]?.page },
    });
    assert.match((read.structuredContent as { markdown: string }).markdown, /logrotate/);
    console.log('OK: indexed, searched by hybrid fusion with a filter, retrieved and read over MCP');
  } finally {
    await client.close();
    await http.close();
  }
} finally {
  await store.close();
  await rm(folder, { recursive: true, force: true });
}
