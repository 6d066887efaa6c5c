import pg from 'pg';
import { expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { versionOf } from '../test-support/describe-document-store.ts';
import { usePostgres } from '../test-support/use-postgres.ts';
import { createPostgresDocumentStore } from './create-postgres-document-store.ts';
import type { DocumentStore, SearchOptions } from './document-store.ts';

const postgres = usePostgres('PostgreSQL vector cache tests');

const embedder = createHashingEmbedder({ dimensions: 64 });
const topics = ['kernel', 'network', 'printer', 'storage', 'audio', 'display', 'keyboard', 'battery'];
const verbs = ['configures', 'restarts', 'logs', 'inspects', 'tunes', 'repairs'];

/** Document `n`: a few paragraphs mixing topics, so neighbourhoods overlap. */
function documentText(n: number, variant = 0): string[] {
  const words = (k: number) =>
    Array.from({ length: 12 }, (_, at) => `${topics[(n * 3 + k + at + variant) % 8]} ${verbs[(n + at * k) % 6]}`);
  return [`# Guide ${n}\n\n${words(1).join(' ')}.\n\n${words(2).join(' ')}.`];
}

const queries = topics.flatMap((topic) => verbs.slice(0, 3).map((verb) => `${topic} ${verb}`));

async function ids(store: DocumentStore, query: string, options: SearchOptions = {}): Promise<string[]> {
  return (await store.search('docs', query, { mode: 'vector', limit: 5, ...options })).map(
    (hit) => `${hit.documentId}#${hit.ordinal}`,
  );
}

async function sameAsExact(cached: DocumentStore, exact: DocumentStore, options: SearchOptions = {}): Promise<void> {
  for (const query of queries) expect(await ids(cached, query, options), query).toEqual(await ids(exact, query, options));
}

it('ranks from memory as the exact scan does, and follows another process’s writes and deletes', async (context) => {
  const server = postgres.require(context);
  const url = server.url;
  const open = (vectorSearch: 'quantized' | 'exact') =>
    // Candidates above the corpus size: the in-memory ranking is then exact, so it must equal the SQL scan.
    createPostgresDocumentStore({ connectionString: url, schema: 'cache', embedder, vectorSearch, candidates: 100_000 });
  const [cached, exact, writer] = await Promise.all([open('quantized'), open('exact'), open('exact')]);
  try {
    for (let n = 0; n < 40; n += 1)
      await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n), { metadata: { team: n % 2 === 0 ? 'even' : 'odd' } }));
    await sameAsExact(cached, exact);
    await sameAsExact(cached, exact, { filter: { metadata: { team: 'odd' } } });
    // Another store (another process, as far as the cache knows) adds, re-indexes and deletes.
    for (let n = 40; n < 50; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n)));
    for (let n = 0; n < 10; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n, 5)));
    for (let n = 10; n < 20; n += 1) await writer.delete('docs', `d${n}.md`);
    await sameAsExact(cached, exact);
    await sameAsExact(cached, exact, { filter: { metadata: { team: 'even' } } });
    expect(
      (await cached.search('docs', 'kernel configures', { mode: 'vector', limit: 50 })).map((hit) => hit.documentId),
    ).not.toContain('d15.md');
    await writer.deleteIndex('docs');
    expect(await cached.search('docs', 'kernel configures', { mode: 'vector' })).toEqual([]);
  } finally {
    await Promise.all([cached.close(), exact.close(), writer.close()]);
  }
});

it('gives a schema made before the bytea copy its vectors once, then searches them from memory', async (context) => {
  const server = postgres.require(context);
  const url = server.url;
  const first = await createPostgresDocumentStore({ connectionString: url, schema: 'older', embedder, vectorSearch: 'exact' });
  for (let n = 0; n < 20; n += 1) await first.upsert('docs', versionOf(`d${n}.md`, documentText(n)));
  await first.close();
  // What the schema of the previous release looked like: no copy table, no generations, no marker.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP TABLE older.chunk_vectors; DROP TABLE older.vector_state;
    DELETE FROM older.store_meta WHERE key = 'vector_copy'`);
  await client.end();
  const [cached, exact] = await Promise.all([
    createPostgresDocumentStore({ connectionString: url, schema: 'older', embedder, candidates: 100_000 }),
    createPostgresDocumentStore({ connectionString: url, schema: 'older', embedder, vectorSearch: 'exact' }),
  ]);
  try {
    await sameAsExact(cached, exact);
    expect(await ids(cached, 'kernel configures')).toHaveLength(5);
  } finally {
    await Promise.all([cached.close(), exact.close()]);
  }
});
