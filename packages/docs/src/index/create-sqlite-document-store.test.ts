import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
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
