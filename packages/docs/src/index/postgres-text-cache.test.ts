import pg from 'pg';
import { expect, it } from 'vitest';
import { versionOf } from '../test-support/describe-document-store.ts';
import type { TestPostgres } from '../test-support/start-postgres.ts';
import { usePostgres } from '../test-support/use-postgres.ts';
import { createPostgresDocumentStore, type PostgresDocumentStoreOptions } from './create-postgres-document-store.ts';
import type { DocumentFilter, DocumentStore } from './document-store.ts';
import { parseTsvector } from './parse-tsvector.ts';

const postgres = usePostgres('PostgreSQL text cache tests');

const vocabulary = 'kernel network printer storage audio display keyboard battery driver module socket daemon'.split(' ');

/** Document `n`: sections whose words lean on a few of the vocabulary, so frequencies differ and ranks are close. */
function documentText(n: number, variant = 0): string[] {
  const word = (k: number) => vocabulary[(n * 7 + k * k + variant * 3) % (k % 3 === 0 ? 4 : 12)] as string;
  const section = (s: number) =>
    `## ${word(s)} ${word(s + 5)}\n\n${Array.from({ length: 6 + ((n + s) % 9) }, (_, at) => word(at + s * 11)).join(' ')} the.`;
  return [`# Guide ${n}\n\n${section(1)}\n\n${section(2)}`, section(3 + variant)];
}

const queries = [
  ...vocabulary,
  ...vocabulary.map((word, at) => `${word} ${vocabulary[(at * 5 + 3) % 12]}`),
  'kernel printers drivers sockets',
  'the and of',
  'absent',
];
const filters: DocumentFilter[] = [{}, { metadata: { team: 'odd' } }, { idPrefix: 'd1' }];

/**
 * BM25 computed here from the chunks' tsvectors as SQL unnests them — not through the store's parser or index:
 * weight 2 per A position and 1 per other, length all positions, FTS5's idf, k1 1.2, b 0.75, over the index.
 */
async function bruteForce(url: string, schema: string, query: string, filter: DocumentFilter) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      document_id: string;
      ordinal: number;
      lexeme: string | null;
      n: number;
      a: number;
    }>(
      `SELECT c.id, c.document_id, c.ordinal, t.lexeme, coalesce(array_length(t.positions, 1), 1) AS n,
         (SELECT count(*)::int FROM unnest(t.weights) w WHERE w = 'A') AS a
       FROM ${schema}.chunks c LEFT JOIN LATERAL unnest(c.tsv) t ON true WHERE c.index_name = 'docs'`,
    );
    const terms = (
      await client.query<{ lexeme: string }>(`SELECT lexeme FROM unnest(to_tsvector('english', $1))`, [query])
    ).rows.map((row) => row.lexeme);
    const allowed = new Set(
      (await client.query<{ id: string }>(`SELECT id FROM ${schema}.documents WHERE index_name = 'docs'`)).rows
        .map((row) => row.id)
        .filter(
          (id) =>
            (filter.idPrefix === undefined || id.startsWith(filter.idPrefix)) &&
            (filter.metadata === undefined || Number(id.slice(1).split('.')[0]) % 2 === 1),
        ),
    );
    const chunks = new Map<number, { key: string; documentId: string; length: number; weights: Map<string, number> }>();
    for (const row of rows) {
      const id = Number(row.id);
      let chunk = chunks.get(id);
      if (chunk === undefined) {
        chunk = { key: `${row.document_id}#${row.ordinal}`, documentId: row.document_id, length: 0, weights: new Map() };
        chunks.set(id, chunk);
      }
      if (row.lexeme === null) continue;
      chunk.length += row.n;
      chunk.weights.set(row.lexeme, 2 * row.a + (row.n - row.a));
    }
    const count = chunks.size;
    const average = [...chunks.values()].reduce((sum, chunk) => sum + chunk.length, 0) / count;
    const scored: { id: number; key: string; score: number }[] = [];
    for (const [id, chunk] of chunks) {
      if (!allowed.has(chunk.documentId)) continue;
      let score = 0;
      let matched = false;
      for (const term of terms) {
        const weight = chunk.weights.get(term);
        if (weight === undefined) continue;
        matched = true;
        const frequency = [...chunks.values()].filter((other) => other.weights.has(term)).length;
        let idf = Math.log((count - frequency + 0.5) / (frequency + 0.5));
        if (idf <= 0) idf = 1e-6;
        score += idf * ((weight * (1.2 + 1.0)) / (weight + 1.2 * (1 - 0.75 + (0.75 * chunk.length) / average)));
      }
      if (matched) scored.push({ id, key: chunk.key, score });
    }
    scored.sort((left, right) => right.score - left.score || left.id - right.id);
    return scored.slice(0, 8);
  } finally {
    await client.end();
  }
}

async function expectBruteForce(store: DocumentStore, url: string, schema: string): Promise<void> {
  for (const filter of filters)
    for (const query of queries) {
      const hits = await store.search('docs', query, { mode: 'bm25', limit: 8, filter });
      const expected = await bruteForce(url, schema, query, filter);
      const label = `${query} ${JSON.stringify(filter)}`;
      expect(
        hits.map((hit) => `${hit.documentId}#${hit.ordinal}`),
        label,
      ).toEqual(expected.map((entry) => entry.key));
      for (const [at, hit] of hits.entries()) expect(hit.score, label).toBeCloseTo(expected[at]?.score as number, 9);
    }
}

const metadataOf = (n: number) => ({ metadata: { team: n % 2 === 1 ? 'odd' : 'even' } });

async function withStores(
  schema: string,
  readerOptions: Partial<PostgresDocumentStoreOptions>,
  writerOptions: Partial<PostgresDocumentStoreOptions>,
  work: (reader: DocumentStore, writer: DocumentStore, url: string) => Promise<void>,
): Promise<void> {
  const url = (postgres.server as TestPostgres).url;
  const writer = await createPostgresDocumentStore({ connectionString: url, schema, textSearch: 'sql', ...writerOptions });
  const reader = await createPostgresDocumentStore({ connectionString: url, schema, ...readerOptions });
  try {
    await work(reader, writer, url);
  } finally {
    await Promise.all([reader.close(), writer.close()]);
  }
}

it('ranks by BM25 from memory exactly, following another store’s upserts, re-indexing and deletes', async (context) => {
  postgres.require(context);
  await withStores('text_sync', {}, {}, async (reader, writer, url) => {
    for (let n = 0; n < 24; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n), metadataOf(n)));
    await expectBruteForce(reader, url, 'text_sync');
    for (let n = 24; n < 30; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n), metadataOf(n)));
    for (let n = 0; n < 8; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n, 1), metadataOf(n)));
    for (let n = 10; n < 16; n += 1) expect(await writer.delete('docs', `d${n}.md`)).toBe(true);
    await expectBruteForce(reader, url, 'text_sync');
    await writer.deleteIndex('docs');
    expect(await reader.search('docs', 'kernel', { mode: 'bm25' })).toEqual([]);
    for (let n = 0; n < 5; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n, 2), metadataOf(n)));
    await expectBruteForce(reader, url, 'text_sync');
  });
});

it('removes what tombstones say: a re-indexed chunk no longer counts in df, N or the average length', async (context) => {
  postgres.require(context);
  await withStores('text_tombstones', {}, {}, async (reader, writer, url) => {
    await writer.upsert('docs', versionOf('a.md', ['# Zephyr\n\nzephyr winds blow over the hills today.']));
    await writer.upsert('docs', versionOf('b.md', ['# Weather\n\nzephyr and storm, storm and rain.']));
    await writer.upsert('docs', versionOf('c.md', ['# Other\n\nnothing of the kind here at all.']));
    const before = await reader.search('docs', 'zephyr', { mode: 'bm25' });
    expect(before.map((hit) => hit.documentId)).toEqual(['a.md', 'b.md']);
    // a.md's chunk is replaced by one without the word: only its tombstone tells the reader the old one is gone.
    await writer.upsert('docs', versionOf('a.md', ['# Calm\n\nno wind today, long words about the calm sea.']));
    const after = await reader.search('docs', 'zephyr', { mode: 'bm25' });
    const [expected] = await bruteForce(url, 'text_tombstones', 'zephyr', {});
    expect(after.map((hit) => hit.documentId)).toEqual(['b.md']);
    expect(after[0]?.score).toBeCloseTo(expected?.score as number, 9);
    expect(after[0]?.score).not.toBeCloseTo(before[1]?.score as number, 3);
  });
});

it('reloads whole when its generation is behind the pruned tombstones', async (context) => {
  postgres.require(context);
  await withStores('text_horizon', {}, { tombstoneHorizon: 1 }, async (reader, writer, url) => {
    for (let n = 0; n < 12; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n), metadataOf(n)));
    await expectBruteForce(reader, url, 'text_horizon');
    for (let n = 0; n < 6; n += 1) await writer.upsert('docs', versionOf(`d${n}.md`, documentText(n, 3), metadataOf(n)));
    await writer.delete('docs', 'd7.md');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const left = await client.query(`SELECT max(generation) - min(generation) AS span FROM text_horizon.chunk_tombstones`);
    await client.end();
    // Pruned to the last generation: the reader (12 generations behind) cannot catch up from them.
    expect(Number(left.rows[0]?.span ?? 0)).toBe(0);
    await expectBruteForce(reader, url, 'text_horizon');
  });
});

it('parses tsvector text as PostgreSQL writes it, and gives older schemas generations once', async (context) => {
  const server = postgres.require(context);
  const url = server.url;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ text: string }>(`SELECT (setweight($1::tsvector, 'A') || $2::tsvector)::text AS text`, [
      `'it''s':1,4 'back\\\\slash':2 plain:3`,
      `'it''s':7 'sp ace':9 nopositions`,
    ]);
    const parsed = parseTsvector(rows[0]?.text as string);
    const byTerm = Object.fromEntries(parsed.terms.map((term, at) => [term, parsed.weights[at]]));
    expect(byTerm).toEqual({ "it's": 5, 'back\\slash': 2, plain: 2, 'sp ace': 1, nopositions: 1 });
    expect(parsed.length).toBe(7);
    const first = await createPostgresDocumentStore({ connectionString: url, schema: 'text_older', textSearch: 'sql' });
    for (let n = 0; n < 10; n += 1) await first.upsert('docs', versionOf(`d${n}.md`, documentText(n), metadataOf(n)));
    await first.close();
    await client.query(`ALTER TABLE text_older.chunks DROP COLUMN generation; DROP TABLE text_older.chunk_tombstones;
      ALTER TABLE text_older.vector_state DROP COLUMN pruned`);
    await withStores('text_older', {}, {}, async (reader, writer) => {
      await expectBruteForce(reader, url, 'text_older');
      await writer.delete('docs', 'd3.md');
      await writer.upsert('docs', versionOf('d4.md', documentText(4, 1), metadataOf(4)));
      await expectBruteForce(reader, url, 'text_older');
    });
  } finally {
    await client.end();
  }
});
