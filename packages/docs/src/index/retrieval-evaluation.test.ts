import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { loadManPages } from '../test-support/man-pages.fixture.ts';
import { chunkMarkdown } from './chunk-markdown.ts';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';
import { toFtsQuery } from './to-fts-query.ts';

const documents = 2_500;
const queries = 300;

/** MRR@10 and Recall@10 of ranked document ids against the expected one per query. */
function score(rankings: { expected: string; ranked: string[] }[]): { mrr: number; recall: number } {
  let reciprocal = 0;
  let found = 0;
  for (const { expected, ranked } of rankings) {
    const position = ranked.slice(0, 10).indexOf(expected);
    if (position >= 0) {
      reciprocal += 1 / (position + 1);
      found += 1;
    }
  }
  return { mrr: reciprocal / rankings.length, recall: found / rankings.length };
}

it('retrieves man pages by their NAME line at least as well as a plain FTS5 baseline, by BM25 and hybrid (known-item evaluation)', async () => {
  const items = loadManPages(documents);
  if (items.length < 500) {
    // Loud, never silent: a machine without man pages cannot run this evaluation.
    console.warn(`SKIPPED retrieval evaluation: only ${items.length} usable man pages in /usr/share/man/man1 (need 500)`);
    return;
  }
  const store = createSqliteDocumentStore({ path: ':memory:', embedder: createHashingEmbedder({ dimensions: 256 }) });
  for (const item of items) {
    await store.upsert('man', {
      id: item.id,
      title: undefined,
      mediaType: 'text/markdown',
      sha256: item.id,
      bytes: item.markdown.length,
      markdown: item.markdown,
      chunks: chunkMarkdown(item.markdown),
    });
  }
  const baseline = new DatabaseSync(':memory:');
  baseline.exec('CREATE VIRTUAL TABLE pages USING fts5(id UNINDEXED, body)');
  const insert = baseline.prepare('INSERT INTO pages (id, body) VALUES (?, ?)');
  for (const item of items) insert.run(item.id, item.markdown);
  const baselineSearch = baseline.prepare('SELECT id FROM pages WHERE pages MATCH ? ORDER BY bm25(pages) LIMIT 10');

  const sample = items.filter((_item, index) => index % Math.max(1, Math.floor(items.length / queries)) === 0).slice(0, queries);
  const ours: { expected: string; ranked: string[] }[] = [];
  const hybrid: { expected: string; ranked: string[] }[] = [];
  const plain: { expected: string; ranked: string[] }[] = [];
  for (const item of sample) {
    const hits = await store.search('man', item.query, { limit: 60, mode: 'bm25' });
    ours.push({ expected: item.id, ranked: [...new Set(hits.map((hit) => hit.documentId))] });
    const fused = await store.search('man', item.query, { limit: 60, mode: 'hybrid' });
    hybrid.push({ expected: item.id, ranked: [...new Set(fused.map((hit) => hit.documentId))] });
    const match = toFtsQuery(item.query);
    plain.push({
      expected: item.id,
      ranked: match === undefined ? [] : (baselineSearch.all(match) as { id: string }[]).map((row) => row.id),
    });
  }
  const result = { ours: score(ours), hybrid: score(hybrid), baseline: score(plain) };
  console.log(
    `retrieval (${items.length} man pages, ${sample.length} queries): ` +
      `chunked BM25 MRR@10 ${result.ours.mrr.toFixed(3)} R@10 ${result.ours.recall.toFixed(3)}; ` +
      `hybrid (BM25 + hashing embedder, RRF) MRR@10 ${result.hybrid.mrr.toFixed(3)} R@10 ${result.hybrid.recall.toFixed(3)}; ` +
      `plain FTS5 MRR@10 ${result.baseline.mrr.toFixed(3)} R@10 ${result.baseline.recall.toFixed(3)}`,
  );
  expect(result.ours.mrr).toBeGreaterThanOrEqual(result.baseline.mrr);
  expect(result.ours.recall).toBeGreaterThanOrEqual(result.baseline.recall - 0.01);
  // Measured MRR 0.625 vs 0.576 (0.624 with exact vector search): character n-grams catch inflections the stemmer misses. Hybrid must not fall behind.
  expect(result.hybrid.mrr).toBeGreaterThanOrEqual(result.ours.mrr);
  expect(result.hybrid.recall).toBeGreaterThanOrEqual(result.ours.recall - 0.01);
  store.close();
  baseline.close();
}, 120_000);
