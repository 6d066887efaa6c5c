import { McpflowError } from 'mcpflow';
import type { Embedder } from '../embed/embedder.ts';
import type { DocumentFilter, SearchHit, SearchOptions } from './document-store.ts';

/** @internal A chunk by its store's key (SQLite: rowid) and its score in one list. */
export interface RankedChunk {
  rowid: number;
  score: number;
}

/** @internal The two ranked lists a store backend provides; hybrid fusion happens here, the same for every store. */
export interface SearchBackend {
  fullText(index: string, query: string, limit: number, filter: DocumentFilter): Promise<SearchHit[]>;
  nearest(index: string, vector: Float32Array, limit: number, filter: DocumentFilter): Promise<SearchHit[]>;
  /**
   * The same lists as chunk keys, and the hits for keys: where a backend has them, hybrid search fuses the keys and
   * reads only the fused top `limit` chunks, instead of both lists' `4 × limit` each.
   */
  keyed?: {
    fullText(index: string, query: string, limit: number, filter: DocumentFilter): RankedChunk[];
    nearest(index: string, vector: Float32Array, limit: number, filter: DocumentFilter): RankedChunk[];
    /** Aligned with `ranked`: `undefined` for a chunk no longer there. */
    hits(index: string, ranked: readonly RankedChunk[]): (SearchHit | undefined)[];
  };
}

/** The RRF constant from Cormack et al. (2009): ranks deep in a list still count, the top ranks count most. */
const rrfK = 60;

/**
 * @internal Runs a search in the requested mode. Hybrid takes the top `4 × limit` (at least 40) of each list and
 * fuses them by weighted reciprocal rank, `Σ weight / (60 + rank)`; a hit keeps its rank in each list.
 */
export async function runSearch(
  backend: SearchBackend,
  embedder: Embedder | undefined,
  index: string,
  query: string,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const limit = options.limit ?? 10;
  const filter = options.filter ?? {};
  const mode = options.mode ?? (embedder === undefined ? 'bm25' : 'hybrid');
  if (mode === 'vector' && embedder === undefined)
    throw new McpflowError('INVALID_INPUT', 'vector search needs a store opened with an embedder');
  if (mode === 'bm25' || embedder === undefined) {
    return (await backend.fullText(index, query, limit, filter)).map((hit, rank) => ({ ...hit, bm25Rank: rank + 1 }));
  }
  const [vector] = await embedder.embed([query]);
  if (vector === undefined) return [];
  if (mode === 'vector') {
    return (await backend.nearest(index, vector, limit, filter)).map((hit, rank) => ({ ...hit, vectorRank: rank + 1 }));
  }
  const depth = Math.max(40, limit * 4);
  const weights = options.weights ?? { bm25: 1, vector: 1 };
  if (backend.keyed !== undefined) {
    const { keyed } = backend;
    const fused = new Map<number, { rowid: number; score: number; bm25Rank?: number; vectorRank?: number }>();
    const add = (ranked: RankedChunk[], weight: number, key: 'bm25Rank' | 'vectorRank') => {
      for (const [position, { rowid }] of ranked.entries()) {
        const known = fused.get(rowid) ?? { rowid, score: 0 };
        known.score += weight / (rrfK + position + 1);
        known[key] = position + 1;
        fused.set(rowid, known);
      }
    };
    add(keyed.fullText(index, query, depth, filter), weights.bm25, 'bm25Rank');
    add(keyed.nearest(index, vector, depth, filter), weights.vector, 'vectorRank');
    const best = [...fused.values()].sort((left, right) => right.score - left.score).slice(0, limit);
    return keyed.hits(index, best).flatMap((hit, position) => {
      if (hit === undefined) return [];
      const { bm25Rank, vectorRank } = best[position] as { bm25Rank?: number; vectorRank?: number };
      return [{ ...hit, ...(bm25Rank === undefined ? {} : { bm25Rank }), ...(vectorRank === undefined ? {} : { vectorRank }) }];
    });
  }
  const [textual, semantic] = await Promise.all([
    backend.fullText(index, query, depth, filter),
    backend.nearest(index, vector, depth, filter),
  ]);
  const fused = new Map<string, SearchHit>();
  const add = (hits: SearchHit[], weight: number, key: 'bm25Rank' | 'vectorRank') => {
    for (const [position, hit] of hits.entries()) {
      const id = `${hit.documentId}\u0000${hit.ordinal}`;
      const known = fused.get(id) ?? { ...hit, score: 0 };
      known.score += weight / (rrfK + position + 1);
      known[key] = position + 1;
      fused.set(id, known);
    }
  };
  add(textual, weights.bm25, 'bm25Rank');
  add(semantic, weights.vector, 'vectorRank');
  return [...fused.values()].sort((left, right) => right.score - left.score).slice(0, limit);
}

/** @internal What an embedder sees of a chunk: its heading path gives a passage its context. */
export function embeddingTextOf(chunk: { heading: string; text: string }): string {
  return chunk.heading === '' ? chunk.text : `${chunk.heading}\n\n${chunk.text}`;
}
