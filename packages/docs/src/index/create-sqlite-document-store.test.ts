import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDocumentStore } from '../test-support/describe-document-store.ts';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';

describeDocumentStore('SQLite (node:sqlite + FTS5 + sqlite-vec)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-sqlite-'));
  return {
    open: async (embedder) => createSqliteDocumentStore({ path: join(directory, 'index.db'), ...(embedder ? { embedder } : {}) }),
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
});
