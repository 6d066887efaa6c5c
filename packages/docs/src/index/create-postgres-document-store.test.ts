import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { describeDocumentStore, versionOf } from '../test-support/describe-document-store.ts';
import { startPglite } from '../test-support/start-pglite.ts';
import { usePostgres } from '../test-support/use-postgres.ts';
import { createPostgresDocumentStore } from './create-postgres-document-store.ts';

let schemas = 0;

const postgres = usePostgres('PostgreSQL store tests');

for (const textSearch of ['memory', 'sql'] as const) {
  describeDocumentStore(`PostgreSQL 15 (tsvector ranked in ${textSearch}, real[] vectors)`, async () => {
    const server = postgres.server;
    if (server === undefined) return undefined;
    schemas += 1;
    const schema = `conformance_${schemas}`;
    const url = server.url;
    return {
      open: (embedder) =>
        createPostgresDocumentStore({
          connectionString: url,
          schema,
          vector: 'auto',
          textSearch,
          ...(embedder ? { embedder } : {}),
        }),
      dispose: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  });
}

it('reports how it keeps vectors, and serves two stores on one schema at once', async (context) => {
  const server = postgres.require(context);
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

describe('PGlite + pgvector over the wire protocol', () => {
  let pglite: Awaited<ReturnType<typeof startPglite>> | undefined;
  beforeAll(async () => {
    pglite = await startPglite();
  }, 60_000);
  afterAll(async () => {
    await pglite?.stop();
  });

  describeDocumentStore('PGlite (tsvector, pgvector HNSW)', async () => {
    const url = (pglite as { url: string }).url;
    schemas += 1;
    const schema = `vector_${schemas}`;
    return {
      open: (embedder) =>
        createPostgresDocumentStore({ connectionString: url, schema, vector: 'pgvector', ...(embedder ? { embedder } : {}) }),
      dispose: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    };
  });

  it('keeps vectors in pgvector with an HNSW index', async () => {
    const url = (pglite as { url: string }).url;
    const store = await createPostgresDocumentStore({
      connectionString: url,
      schema: 'hnsw',
      embedder: createHashingEmbedder({ dimensions: 16 }),
    });
    expect(store.capabilities.vector).toBe('pgvector');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'hnsw' AND indexname = 'chunks_hnsw'`,
    );
    await client.end();
    expect(rows[0]?.indexdef).toContain('hnsw');
    await store.close();
  });
});
