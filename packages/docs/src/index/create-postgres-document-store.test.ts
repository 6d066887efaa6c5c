import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { describeDocumentStore, versionOf } from '../test-support/describe-document-store.ts';
import { startPostgres, type TestPostgres } from '../test-support/start-postgres.ts';
import { createPostgresDocumentStore } from './create-postgres-document-store.ts';

let server: TestPostgres | undefined;
let unavailable: string | undefined;
let schemas = 0;

beforeAll(async () => {
  const started = await startPostgres();
  if ('unavailable' in started) {
    unavailable = started.unavailable;
    // Loud, never silent: every test below is reported as skipped, and this says why.
    console.warn(`SKIPPED PostgreSQL store tests: ${unavailable}`);
  } else server = started;
}, 90_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

describeDocumentStore('PostgreSQL 15 (tsvector, exact real[] vectors)', async () => {
  if (server === undefined) return undefined;
  schemas += 1;
  const schema = `conformance_${schemas}`;
  const url = server.url;
  return {
    open: (embedder) =>
      createPostgresDocumentStore({ connectionString: url, schema, vector: 'auto', ...(embedder ? { embedder } : {}) }),
    dispose: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
});

it('reports how it keeps vectors, and serves two stores on one schema at once', async (context) => {
  if (server === undefined) return context.skip(`PostgreSQL unavailable: ${unavailable}`);
  const embedder = createHashingEmbedder({ dimensions: 32 });
  const [first, second] = await Promise.all([
    createPostgresDocumentStore({ connectionString: server.url, schema: 'shared', embedder }),
    createPostgresDocumentStore({ connectionString: server.url, schema: 'shared', embedder }),
  ]);
  expect(first.capabilities).toEqual({ fullText: 'postgres-tsvector', vector: 'postgres-real-array', embedder: embedder.id });
  await Promise.all([
    first.upsert('docs', versionOf('a.md', ['# Alpha\n\nFirst writer.'])),
    second.upsert('docs', versionOf('b.md', ['# Beta\n\nSecond writer.'])),
  ]);
  expect((await second.search('docs', 'first writer', { mode: 'bm25' }))[0]?.documentId).toBe('a.md');
  expect((await first.list('docs')).map((document) => document.id)).toEqual(['a.md', 'b.md']);
  await first.close();
  await second.close();
});
