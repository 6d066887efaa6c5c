import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../test-support/seeded-random.ts';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';
import type { DocumentFilter, DocumentStore, DocumentVersion, SearchHit } from './document-store.ts';

// Counts builds of the memory index (the real loader runs): writes of the store itself must update it in place,
// and only another connection's writes may cause a rebuild. Without the count, a store that silently ran
// everything in FTS5 would pass the comparisons below.
const builds = vi.hoisted(() => ({ count: 0 }));
vi.mock('./load-text-index-snapshot.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./load-text-index-snapshot.ts')>();
  return {
    loadTextIndexSnapshot: (...parameters: Parameters<typeof original.loadTextIndexSnapshot>) => {
      builds.count += 1;
      return original.loadTextIndexSnapshot(...parameters);
    },
  };
});

const next = seededRandom(7);
// Stems with inflections (so Porter stemming matters), a few accented forms (unicode61 folds diacritics) and
// stopwords; skewed, so some words match most chunks and some a handful.
const stems = Array.from({ length: 400 }, (_, rank) => `w${rank.toString(36)}x`);
const forms = (stem: string) => [stem, `${stem}ing`, `${stem}s`, `${stem}ed`];
const extras = ['café', 'cafe', 'naïve', 'the', 'and', 'of', 'rotate', 'rotating', 'rotation'];
const pick = () => {
  if (next() < 0.05) return extras[Math.floor(next() * extras.length)] as string;
  const stem = stems[Math.floor(stems.length * next() ** 3)] as string;
  return forms(stem)[Math.floor(next() * 4)] as string;
};
const sentence = (length: number) => Array.from({ length }, pick).join(' ');

function documentVersion(id: string, chunkCount: number, revision = 0): DocumentVersion {
  const chunks = Array.from({ length: chunkCount }, (_, ordinal) => ({
    ordinal,
    heading: next() < 0.2 ? '' : sentence(1 + Math.floor(next() * 3)),
    page: 1,
    text: sentence(5 + Math.floor(next() * 60)),
  }));
  const markdown = chunks.map((chunk) => `## ${chunk.heading}\n\n${chunk.text}`).join('\n\n');
  const number = Number(id.replace(/\D/g, ''));
  return {
    id,
    title: undefined,
    mediaType: number % 3 === 0 ? 'text/plain' : 'text/markdown',
    sha256: `${id}@${revision}`,
    bytes: markdown.length,
    markdown,
    chunks,
    metadata: { shard: number % 5, flag: number % 2 === 0 },
  };
}

const queries = Array.from({ length: 120 }, (_, position) =>
  position % 10 === 0 ? `${pick()} rotate rotating` : Array.from({ length: 1 + Math.floor(next() * 4) }, pick).join(' '),
);
const filters: DocumentFilter[] = [{}, { metadata: { shard: 2 } }, { metadata: { flag: true }, mediaType: 'text/markdown' }];

/** Same hits in the same order with the same scores; within a tie, either order (the last tie may be cut apart). */
function expectSameRanking(memory: SearchHit[], fts5: SearchHit[], context: string): void {
  expect(memory.length, context).toBe(fts5.length);
  const last = fts5.at(-1)?.score;
  for (const [rank, expected] of fts5.entries()) {
    const found = memory[rank] as SearchHit;
    expect(Math.abs(found.score - expected.score), `${context} rank ${rank + 1}`).toBeLessThanOrEqual(
      1e-9 * Math.abs(expected.score),
    );
  }
  const key = (hit: SearchHit) => `${hit.score.toPrecision(12)} ${hit.documentId}#${hit.ordinal}`;
  const settled = (hits: SearchHit[]) =>
    hits
      .filter((hit) => last === undefined || Math.abs(hit.score - last) > 1e-9 * Math.abs(last))
      .map(key)
      .sort();
  expect(settled(memory), context).toEqual(settled(fts5));
}

describe('in-memory BM25 (textSearch: memory) against FTS5 bm25() on the same file', () => {
  let directory: string;
  let memory: DocumentStore;
  let fts5: DocumentStore;
  let compared = 0;

  const compare = async (phase: string, index = 'docs') => {
    for (const filter of filters) {
      for (const query of queries) {
        const options = { limit: 10, mode: 'bm25' as const, filter };
        const [mine, theirs] = [await memory.search(index, query, options), await fts5.search(index, query, options)];
        expectSameRanking(mine, theirs, `${phase}: "${query}" ${JSON.stringify(filter)}`);
        if (theirs.length > 0) compared += 1;
      }
    }
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mcpflow-memory-bm25-'));
    const path = join(directory, 'index.db');
    memory = createSqliteDocumentStore({ path, textSearch: 'memory' });
    fts5 = createSqliteDocumentStore({ path, textSearch: 'fts5' });
    // Two indexes share the file: FTS5's row count and average length span both.
    for (let number = 0; number < 300; number += 1) await memory.upsert('docs', documentVersion(`d${number}.md`, 8));
    for (let number = 0; number < 60; number += 1) await memory.upsert('other', documentVersion(`o${number}.md`, 10));
  });
  afterAll(async () => {
    await memory.close();
    await fts5.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('ranks exactly as FTS5 from a fresh build, with and without filters, in either index', async () => {
    await compare('fresh');
    await compare('fresh, other index', 'other');
    expect(compared).toBeGreaterThan(500);
    expect(builds.count).toBe(1);
  });

  it('stays exact through its own re-indexing, new documents and deletes', async () => {
    for (let number = 0; number < 300; number += 3) await memory.upsert('docs', documentVersion(`d${number}.md`, 6, 1));
    for (let number = 300; number < 360; number += 1) await memory.upsert('docs', documentVersion(`d${number}.md`, 8));
    await compare('after re-indexing');
    // Enough deletes to compact the postings (half of them dead).
    for (let number = 1; number < 360; number += 2) expect(await memory.delete('docs', `d${number}.md`)).toBe(true);
    expect(await memory.deleteIndex('other')).toBe(60);
    await compare('after deletes');
    expect(builds.count).toBe(1);
  });

  it('is untouched by a transaction that rolls back', async () => {
    const broken = { ...documentVersion('d0.md', 4, 2), metadata: { shard: 10n as unknown as number } };
    // The old chunks are removed inside the transaction before the bad metadata fails it.
    await expect(memory.upsert('docs', broken)).rejects.toThrow();
    expect((await memory.list('docs')).find((document) => document.id === 'd0.md')?.sha256).toBe('d0.md@1');
    await compare('after a rollback');
    expect(builds.count).toBe(1);
  });

  it('sees what another connection wrote to the file', async () => {
    await memory.search('docs', queries[0] as string, { mode: 'bm25' });
    for (let number = 400; number < 420; number += 1) await fts5.upsert('docs', documentVersion(`d${number}.md`, 8));
    await fts5.delete('docs', 'd0.md');
    await compare('after another connection wrote');
    expect(builds.count).toBe(2);
  });

  it('leaves words FTS5 reads as phrases to FTS5, with its phrase semantics', async () => {
    const text = 'alpha beta gamma';
    const version = (id: string, body: string): DocumentVersion => ({
      id,
      title: undefined,
      mediaType: 'text/markdown',
      sha256: body,
      bytes: body.length,
      markdown: body,
      chunks: [{ ordinal: 0, heading: '', page: 1, text: body }],
    });
    await memory.upsert('phrases', version('adjacent.md', text));
    await memory.upsert('phrases', version('apart.md', 'gamma beta and then alpha'));
    // `alpha_beta` is one word to the query parser and two tokens to unicode61: the phrase "alpha beta".
    const hits = await memory.search('phrases', 'alpha_beta', { mode: 'bm25' });
    expect(hits.map((hit) => hit.documentId)).toEqual(['adjacent.md']);
    expectSameRanking(hits, await fts5.search('phrases', 'alpha_beta', { mode: 'bm25' }), 'phrase');
  });
});
