import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { getLoadablePath } from 'sqlite-vec';
import { expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { describeDocumentStore } from '../test-support/describe-document-store.ts';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';

for (const vectorSearch of ['quantized', 'exact'] as const) {
  describeDocumentStore(`SQLite (node:sqlite + FTS5 + sqlite-vec, ${vectorSearch} kNN)`, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-sqlite-'));
    return {
      open: async (embedder) =>
        createSqliteDocumentStore({ path: join(directory, 'index.db'), vectorSearch, ...(embedder ? { embedder } : {}) }),
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  });
}

it('opens and migrates an index file written by the first release (no scope column, two-column FTS5)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-sqlite-'));
  try {
    const path = join(directory, 'old.db');
    const old = new DatabaseSync(path);
    old.exec(`
      CREATE TABLE documents (index_name TEXT NOT NULL, id TEXT NOT NULL, title TEXT, media_type TEXT NOT NULL,
        sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, indexed_at INTEGER NOT NULL, chunk_count INTEGER NOT NULL,
        markdown TEXT NOT NULL, PRIMARY KEY (index_name, id));
      CREATE TABLE chunks (rowid INTEGER PRIMARY KEY, index_name TEXT NOT NULL, document_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL, heading TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL);
      CREATE VIRTUAL TABLE chunks_fts USING fts5(text, heading, content = 'chunks', content_rowid = 'rowid',
        tokenize = 'porter unicode61');
      INSERT INTO documents VALUES ('docs', 'a.md', NULL, 'text/markdown', 'x', 10, 0, 1, '# A\n\nRotate logs.');
      INSERT INTO chunks VALUES (1, 'docs', 'a.md', 0, 'A', 1, 'Rotate logs.');
      INSERT INTO chunks_fts (rowid, text, heading) VALUES (1, 'Rotate logs.', 'A');`);
    old.close();
    const store = createSqliteDocumentStore({ path });
    expect((await store.search('docs', 'rotating'))[0]).toMatchObject({ documentId: 'a.md', heading: 'A' });
    expect((await store.read('docs', 'a.md'))?.pages).toEqual([{ number: 1, markdown: '# A\n\nRotate logs.' }]);
    expect(await store.delete('docs', 'a.md')).toBe(true);
    expect(await store.search('docs', 'rotating')).toEqual([]);
    await store.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

it('quantized search sees what another connection wrote to the file after its in-memory vectors were built', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-sqlite-'));
  const embedder = createHashingEmbedder({ dimensions: 64 });
  const path = join(directory, 'shared.db');
  const reader = createSqliteDocumentStore({ path, embedder, vectorSearch: 'quantized', candidates: 1 });
  const writer = createSqliteDocumentStore({ path, embedder });
  const version = (id: string, text: string) => ({
    id,
    title: undefined,
    mediaType: 'text/markdown',
    sha256: id,
    bytes: text.length,
    markdown: text,
    chunks: [{ ordinal: 0, heading: '', page: 1, text }],
  });
  try {
    await reader.upsert('docs', version('a.md', 'Rotate the nightly logs.'));
    expect((await reader.search('docs', 'nightly logs', { mode: 'vector' }))[0]?.documentId).toBe('a.md');
    await writer.upsert('docs', version('b.md', 'Quota reports for disk space.'));
    expect((await reader.search('docs', 'disk space quota reports', { mode: 'vector', limit: 1 }))[0]?.documentId).toBe('b.md');
    await writer.delete('docs', 'b.md');
    expect((await reader.search('docs', 'disk space quota reports', { mode: 'vector' })).map((hit) => hit.documentId)).toEqual([
      'a.md',
    ]);
  } finally {
    await reader.close();
    await writer.close();
    await rm(directory, { recursive: true, force: true });
  }
});

it('keeps writing the 1-bit column of vector tables made by earlier versions', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-sqlite-'));
  try {
    const path = join(directory, 'coarse.db');
    const old = new DatabaseSync(path, { allowExtension: true });
    old.loadExtension(getLoadablePath());
    old.exec(`CREATE VIRTUAL TABLE chunks_vec USING vec0(
      index_name TEXT PARTITION KEY, embedding float[64] distance_metric=cosine, coarse bit[64])`);
    old.close();
    const store = createSqliteDocumentStore({ path, embedder: createHashingEmbedder({ dimensions: 64 }) });
    const text = 'Rotate the nightly logs.';
    await store.upsert('docs', {
      id: 'a.md',
      title: undefined,
      mediaType: 'text/markdown',
      sha256: 'a',
      bytes: text.length,
      markdown: text,
      chunks: [{ ordinal: 0, heading: '', page: 1, text }],
    });
    expect((await store.search('docs', 'nightly logs', { mode: 'vector' }))[0]?.documentId).toBe('a.md');
    await store.close();
    const check = new DatabaseSync(path, { allowExtension: true });
    check.loadExtension(getLoadablePath());
    expect(check.prepare('SELECT count(*) AS filled FROM chunks_vec WHERE coarse IS NOT NULL').get()).toMatchObject({
      filled: 1,
    });
    check.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
