import type { Pool } from 'pg';
import { type BinaryVectorIndex, createBinaryVectorIndex } from './binary-vector-index.ts';

/** @internal Per-process vector indexes over a schema's `chunk_vectors`; see {@link createPostgresVectorCache}. */
export interface PostgresVectorCache {
  /**
   * The `wanted` nearest chunk ids by cosine: among the `candidates` best by the sign-bit estimate, or exactly among
   * the chunks of `documents` (a filter's matches) when given. Chunks deleted since the last load may be among them
   * (the caller drops ids it cannot find and asks again for more when too few are left); `complete` says the list
   * holds every vector that could be asked for.
   */
  nearest(
    index: string,
    query: Float32Array,
    wanted: number,
    candidates: number,
    documents?: string[],
  ): Promise<{ hits: { rowid: number; distance: number }[]; complete: boolean }>;
}

/** Vectors as bytea, big-endian float32 (`float4send`'s order, so SQL can write the same bytes in a migration). */
export function vectorBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let at = 0; at < vector.length; at += 1) bytes.writeFloatBE(vector[at] as number, at * 4);
  return bytes;
}

function vectorOf(bytes: Buffer, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  for (let at = 0; at < dimensions && at * 4 < bytes.length; at += 1) vector[at] = bytes.readFloatBE(at * 4);
  return vector;
}

interface Cached {
  vectors: BinaryVectorIndex;
  /** Chunk ids by document id, for filters (which select documents). */
  chunksOf: Map<string, Set<number>>;
  generation: number;
  /** `vector_state.deleted` when loaded: what was deleted since may still be in `vectors`. */
  deletedAtLoad: number;
  /** Its size when loaded: the quantisation centre is the mean of those vectors. */
  sizeAtLoad: number;
}

/**
 * @internal Keeps, per index, an in-memory sign-bit index with exact rescoring (the SQLite store's
 * {@link createBinaryVectorIndex}) over the vectors in `chunk_vectors`, loaded on the first vector search (~1 s at
 * 100,000 × 256-d) and brought up to date before each search: one small query for the index's generation, and the
 * rows of newer generations when it moved. Deleted chunks stay in memory until they are a tenth of it (then it is
 * reloaded); searches ask for that many more hits and the store drops the missing ones. It is also reloaded when it
 * has more than doubled since it was loaded, so its quantisation centre stays the mean of the data.
 */
export function createPostgresVectorCache(pool: Pool, schema: string, dimensions: number): PostgresVectorCache {
  const cache = new Map<string, Cached>();
  const syncing = new Map<string, Promise<Cached>>();
  const rowsSince = async (index: string, generation: number, chunksOf: Map<string, Set<number>>) =>
    (
      await pool.query<{ chunk_id: string; document_id: string; vector: Buffer }>(
        `SELECT chunk_id, document_id, vector FROM ${schema}.chunk_vectors WHERE index_name = $1 AND generation > $2`,
        [index, generation],
      )
    ).rows.map((row) => {
      const rowid = Number(row.chunk_id);
      const known = chunksOf.get(row.document_id);
      // A set: a reload can fetch rows again that the next sync fetches once more.
      if (known === undefined) chunksOf.set(row.document_id, new Set([rowid]));
      else known.add(rowid);
      return { rowid, vector: vectorOf(row.vector, dimensions) };
    });
  const sync = async (index: string): Promise<Cached> => {
    const { rows } = await pool.query<{ generation: string; deleted: string }>(
      `SELECT generation, deleted FROM ${schema}.vector_state WHERE index_name = $1`,
      [index],
    );
    const generation = Number(rows[0]?.generation ?? 0);
    const deleted = Number(rows[0]?.deleted ?? 0);
    let known = cache.get(index);
    if (known !== undefined && known.generation === generation) return known;
    // Reload when deletions pile up, or when the index has more than doubled: the centre must follow the data.
    if (
      known !== undefined &&
      (deleted - known.deletedAtLoad > Math.max(100, known.vectors.size / 10) || known.vectors.size > 2 * known.sizeAtLoad + 1000)
    )
      known = undefined;
    if (known === undefined) {
      // Rows committed after the generation was read come too; the next sync fetches them again, and add replaces.
      const chunksOf = new Map<string, Set<number>>();
      const vectors = createBinaryVectorIndex({ dimensions, entries: await rowsSince(index, -1, chunksOf) });
      known = { vectors, chunksOf, generation, deletedAtLoad: deleted, sizeAtLoad: vectors.size };
    } else {
      for (const { rowid, vector } of await rowsSince(index, known.generation, known.chunksOf)) known.vectors.add(rowid, vector);
      known.generation = generation;
    }
    cache.set(index, known);
    return known;
  };
  return {
    async nearest(index, query, wanted, candidates, documents) {
      let pending = syncing.get(index);
      if (pending === undefined) {
        pending = sync(index).finally(() => syncing.delete(index));
        syncing.set(index, pending);
      }
      const { vectors, chunksOf } = await pending;
      if (documents !== undefined) {
        const among = documents.flatMap((id) => [...(chunksOf.get(id) ?? [])]);
        return { hits: vectors.nearestAmong(query, among, wanted), complete: wanted >= among.length };
      }
      return {
        hits: vectors.nearest(query, wanted, Math.max(candidates, 10 * wanted)),
        complete: wanted >= vectors.size,
      };
    },
  };
}
