import type { Pool } from 'pg';
import { createMemoryTextIndex, type MemoryTextIndex } from './memory-text-index.ts';
import { type ParsedTsvector, parseTsvector } from './parse-tsvector.ts';

/** @internal Per-process BM25 indexes over a schema's chunk tsvectors; see {@link createPostgresTextCache}. */
export interface PostgresTextCache {
  /**
   * The `limit` best chunk ids of `index` for `query` by BM25, brought up to date with every committed write first;
   * among the chunks of `documents` (a filter's matches) when given.
   */
  search(index: string, query: string, limit: number, documents?: readonly string[]): Promise<{ rowid: number; score: number }[]>;
}

/** What removing a chunk from the memory index needs, and the document it belongs to (for filters). */
interface HeldRow {
  documentId: string;
  terms: string[];
  length: number;
}

interface Cached {
  text: MemoryTextIndex;
  rows: Map<number, HeldRow>;
  chunksOf: Map<string, Set<number>>;
  generation: number;
}

interface Changes {
  generation: number;
  full: boolean;
  removed: number[];
  /** Parsed as they are read, so the tsvector text of a whole index is never held at once. */
  added: { rowid: number; documentId: string; parsed: ParsedTsvector }[];
}

const pageSize = 5000;

const empty = () =>
  createMemoryTextIndex({
    rowids: new Float64Array(0),
    groups: new Int32Array(0),
    lengths: new Float64Array(0),
    rowCount: 0,
    totalLength: 0,
    postings: [],
  });

/**
 * @internal Keeps, per index, the store-agnostic in-memory BM25 index ({@link createMemoryTextIndex}, k1 1.2, b
 * 0.75, FTS5's idf) over the chunks' stored tsvectors: per chunk its lexemes, weighted 2 per heading (A) position and
 * 1 per text position, its length all positions. Loaded on the first full-text search by reading `tsv::text`, then
 * brought up to date before each search: the index's generation comes with the query's lexemes in one small query,
 * and when it moved, the chunks stamped with newer generations are added and the newer tombstones removed, read in
 * one REPEATABLE READ snapshot so that they match the generation read with them. A reader behind the tombstones'
 * pruning horizon reloads the index whole. What removal needs of each chunk (its lexemes, shared strings) is held.
 */
export function createPostgresTextCache(pool: Pool, schema: string, config: string): PostgresTextCache {
  const cache = new Map<string, Cached>();
  const queue = new Map<string, Promise<Cached>>();
  const lexemes = new Map<string, string>();
  const intern = (lexeme: string) => {
    const known = lexemes.get(lexeme);
    if (known !== undefined) return known;
    lexemes.set(lexeme, lexeme);
    return lexeme;
  };
  const fetchChanges = async (index: string, known: Cached | undefined): Promise<Changes> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const state = await client.query<{ generation: string; pruned: string }>(
        `SELECT generation, pruned FROM ${schema}.vector_state WHERE index_name = $1`,
        [index],
      );
      const generation = Number(state.rows[0]?.generation ?? 0);
      const pruned = Number(state.rows[0]?.pruned ?? 0);
      const full = known === undefined || known.generation < pruned || known.generation > generation;
      const since = full ? -1 : known.generation;
      const removed = full
        ? []
        : (
            await client.query<{ chunk_id: string }>(
              `SELECT chunk_id FROM ${schema}.chunk_tombstones WHERE index_name = $1 AND generation > $2`,
              [index, since],
            )
          ).rows.map((row) => Number(row.chunk_id));
      const added: Changes['added'] = [];
      // In pages by id: 100,000 chunks are ~120 MB of tsvector text, which one result would hold in full.
      for (let after = -1; ; ) {
        const { rows } = await client.query<{ id: string; document_id: string; tsv: string }>(
          `SELECT id, document_id, tsv::text AS tsv FROM ${schema}.chunks
           WHERE index_name = $1 AND generation > $2 AND id > $3 ORDER BY id LIMIT ${pageSize}`,
          [index, since, after],
        );
        for (const row of rows)
          added.push({ rowid: Number(row.id), documentId: row.document_id, parsed: parseTsvector(row.tsv, intern) });
        if (rows.length < pageSize) break;
        after = Number(rows.at(-1)?.id);
      }
      await client.query('COMMIT');
      return { generation, full, removed, added };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  /** Applies a snapshot's changes in one synchronous step, so a search never sees half of them. */
  const apply = (known: Cached | undefined, changes: Changes): Cached => {
    const target =
      known === undefined || changes.full ? { text: empty(), rows: new Map(), chunksOf: new Map(), generation: 0 } : known;
    for (const rowid of changes.removed) {
      const held = target.rows.get(rowid);
      if (held === undefined) continue;
      target.text.remove(rowid, held.terms, held.length);
      target.rows.delete(rowid);
      target.chunksOf.get(held.documentId)?.delete(rowid);
    }
    for (const { rowid, documentId, parsed } of changes.added) {
      if (target.rows.has(rowid)) continue;
      target.text.add({ rowid, group: 0, ...parsed });
      target.rows.set(rowid, { documentId, terms: parsed.terms, length: parsed.length });
      const chunks = target.chunksOf.get(documentId);
      if (chunks === undefined) target.chunksOf.set(documentId, new Set([rowid]));
      else chunks.add(rowid);
    }
    target.generation = changes.generation;
    return target;
  };
  /** Syncs one index at a time: a sync waits for the one before it, then checks again. */
  const current = (index: string, generation: number): Promise<Cached> => {
    const previous = queue.get(index) ?? Promise.resolve(undefined);
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const known = cache.get(index);
        if (known !== undefined && known.generation === generation) return known;
        const updated = apply(known, await fetchChanges(index, known));
        cache.set(index, updated);
        return updated;
      });
    queue.set(index, next);
    const settled = () => {
      if (queue.get(index) === next) queue.delete(index);
    };
    next.then(settled, settled);
    return next;
  };
  return {
    async search(index, query, limit, documents) {
      // One round trip for both: the index's generation, and the query's lexemes as the chunks' tsvectors have them.
      const { rows } = await pool.query<{ generation: string | null; query: string }>(
        `SELECT (SELECT generation FROM ${schema}.vector_state WHERE index_name = $1) AS generation,
          to_tsvector($2::regconfig, $3)::text AS query`,
        [index, config, query],
      );
      const generation = Number(rows[0]?.generation ?? 0);
      const terms = parseTsvector(rows[0]?.query ?? '').terms;
      const known = cache.get(index);
      const { text, chunksOf } =
        known !== undefined && known.generation === generation && !queue.has(index) ? known : await current(index, generation);
      if (terms.length === 0) return [];
      const allowed = documents?.flatMap((id) => [...(chunksOf.get(id) ?? [])]);
      return text.search(terms, limit, 0, allowed);
    },
  };
}
