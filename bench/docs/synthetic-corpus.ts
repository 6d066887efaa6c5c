/**
 * The synthetic corpus of `bench:docs:index`: Zipf-distributed vocabulary of 5,000 pseudo-words, ~120 words a chunk,
 * 20 chunks a document, and two query sets (common and rare words). Seeded, so every run and store sees the same.
 */
import type { DocumentVersion } from '@mcpflow/docs';
import { seededRandom } from '../../packages/docs/src/test-support/seeded-random.ts';

/** Chunks per document. */
export const PER_DOCUMENT = 20;
const VOCABULARY = 5_000;

/** The corpus of `chunkCount` chunks and `queryCount` (+ 30 warm-up) queries per set, the same on every call. */
export function syntheticCorpus(
  chunkCount: number,
  queryCount: number,
): { documents: DocumentVersion[]; querySets: { common: string[]; rare: string[] } } {
  const next = seededRandom(42);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'ven', 'dar', 'is', 'or', 'el', 'um', 'qua', 'tex'];
  const words = Array.from({ length: VOCABULARY }, (_, rank) => {
    let word = '';
    let value = rank + 17;
    do {
      word += syllables[value % syllables.length];
      value = Math.floor(value / syllables.length);
    } while (value > 0);
    return word;
  });
  // Zipf (s = 1): cumulative weights for sampling by rank.
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= VOCABULARY; rank += 1) {
    total += 1 / rank;
    cumulative.push(total);
  }
  const sampleWord = () => {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return words[low] as string;
  };

  const documents: DocumentVersion[] = [];
  for (let document = 0; document * PER_DOCUMENT < chunkCount; document += 1) {
    const chunks = Array.from({ length: Math.min(PER_DOCUMENT, chunkCount - document * PER_DOCUMENT) }, (_, ordinal) => ({
      ordinal,
      heading: `Section ${sampleWord()} ${sampleWord()}`,
      page: 1 + Math.floor(ordinal / 4),
      text: Array.from({ length: 100 + Math.floor(next() * 40) }, sampleWord).join(' '),
    }));
    const markdown = chunks.map((chunk) => `## ${chunk.heading}\n\n${chunk.text}`).join('\n\n');
    documents.push({
      id: `docs/${document}.md`,
      title: undefined,
      mediaType: 'text/markdown',
      sha256: `synthetic-${document}`,
      bytes: markdown.length,
      markdown,
      chunks,
      metadata: { shard: document % 10 },
    });
  }
  // Two query sets: common words (ranks 50–2,000; each matches thousands of chunks, so BM25 scores many rows) and
  // content words (ranks 1,000–5,000; tens to hundreds of chunks each, like the rarer words people search for).
  const querySet = (low: number, high: number) =>
    Array.from({ length: queryCount + 30 }, () =>
      Array.from({ length: 2 + Math.floor(next() * 3) }, () => words[low + Math.floor(next() * (high - low))]).join(' '),
    );
  const querySets = { common: querySet(50, 2_000), rare: querySet(1_000, 5_000) };
  return { documents, querySets };
}
