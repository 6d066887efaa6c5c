import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { McpflowError } from 'mcpflow';
import { getLoadablePath } from 'sqlite-vec';
import type { Embedder } from '../embed/embedder.ts';
import { type BinaryVectorIndex, createBinaryVectorIndex } from './binary-vector-index.ts';
import type { DocumentFilter, DocumentStore, DocumentVersion, SearchHit } from './document-store.ts';
import { embeddingTextOf, runSearch, type SearchBackend } from './run-search.ts';
import { sqliteFilterClause } from './sqlite-filter-clause.ts';
import { prepareSqliteSchema, scopeToken } from './sqlite-schema.ts';
import { isUnchanged, toDocument, toHit } from './store-rows.ts';
import { toFtsQuery } from './to-fts-query.ts';

/** Options for {@link createSqliteDocumentStore}. */
export interface SqliteDocumentStoreOptions {
  /** The database file (created when missing), or `':memory:'`. */
  path: string;
  /** Embeds chunks and queries for vector and hybrid search (sqlite-vec); without it search is BM25 only. */
  embedder?: Embedder;
  /**
   * `quantized`: an in-memory index of each vector's sign bits (centred on the mean) and floats, built on the first
   * vector search of an index (100,000 × 256-d: 1.5–4 s, ~106 MB) and kept current by this store's writes; a search
   * takes the {@link SqliteDocumentStoreOptions.candidates} best by a similarity estimate from the bits and orders
   * them by exact cosine (~6 ms at 100,000 × 256-d). `exact`: sqlite-vec's full cosine scan of the file, no memory held (100,000 × 256-d: ~50 ms a query).
   * `bench:docs:index` measures both side by side, with recall@10 against exact on clustered vectors. Filtered
   * searches are exact either way (over the filter's chunks).
   * @default 'quantized'
   */
  vectorSearch?: 'quantized' | 'exact';
  /**
   * How many vectors (best by the bit estimate) the `quantized` search rescores exactly (at least 10 × the hits wanted); more
   * costs time and buys recall. At or above the index size the search is exact.
   * @default 1000
   */
  candidates?: number;
}

const documentColumns =
  'd.index_name, d.id, d.title, d.media_type, d.sha256, d.bytes, d.indexed_at, d.chunk_count, d.page_count, d.metadata';

const hitColumns = 'c.rowid AS rowid, c.index_name, c.document_id, d.title, c.heading, c.page, c.ordinal, c.text';

/**
 * The embedded document store: one SQLite file (`node:sqlite`, WAL) with an FTS5 index over chunks and, with an
 * embedder, a sqlite-vec `vec0` table of their vectors (cosine). Chunk text and headings are stemmed (Porter);
 * headings weigh twice as much as text in BM25, since they name what a section is about. Vector search runs by
 * default on an in-memory sign-bit index with exact rescoring (see {@link SqliteDocumentStoreOptions.vectorSearch}),
 * about 6 ms instead of sqlite-vec's ~50 ms exact scan at 100,000 × 256-d. Hybrid search fuses both lists by
 * reciprocal rank. Filtered vector search is exact over the filtered chunks, so filters never lose hits that an
 * approximate pre-selection would have dropped.
 *
 * @example
 * ```ts
 * const store = createSqliteDocumentStore({ path: 'docs.db', embedder: createHashingEmbedder() })
 * const hits = await store.search('manuals', 'rotate log files', { limit: 5 })
 * ```
 */
export function createSqliteDocumentStore(options: SqliteDocumentStoreOptions): DocumentStore {
  const { embedder } = options;
  const quantized = embedder !== undefined && (options.vectorSearch ?? 'quantized') === 'quantized';
  const candidates = options.candidates ?? 1000;
  /** Per index, built lazily; dropped when another connection writes the file (`PRAGMA data_version` moves). */
  const vectorIndexes = new Map<string, BinaryVectorIndex>();
  let seenDataVersion: number | undefined;
  const database = new DatabaseSync(options.path, { allowExtension: embedder !== undefined });
  prepareSqliteSchema(database);
  const storedEmbedder = (
    database.prepare("SELECT value FROM store_meta WHERE key = 'embedder'").get() as { value: string } | undefined
  )?.value;
  if (embedder !== undefined) {
    if (storedEmbedder !== undefined && storedEmbedder !== embedder.id) {
      database.close();
      throw new McpflowError(
        'CONFIG_INVALID',
        `${options.path} holds vectors of embedder "${storedEmbedder}", not "${embedder.id}": use that embedder or a new index file`,
      );
    }
    if (storedEmbedder === undefined && database.prepare('SELECT 1 FROM chunks LIMIT 1').get() !== undefined) {
      database.close();
      throw new McpflowError(
        'CONFIG_INVALID',
        `${options.path} was indexed without an embedder: re-index into a new file to search by vector`,
      );
    }
    database.loadExtension(getLoadablePath());
    database.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vec USING vec0(
      index_name TEXT PARTITION KEY, embedding float[${embedder.dimensions}] distance_metric=cosine)`);
    database.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('embedder', ?)").run(embedder.id);
  }
  // Files of earlier versions carry 1-bit copies in a `coarse` column (the in-memory index replaced them): keep
  // filling it there, so those files stay consistent.
  const withCoarseColumn =
    embedder !== undefined &&
    /\bcoarse bit\[/.test(
      (database.prepare("SELECT sql FROM sqlite_master WHERE name = 'chunks_vec'").get() as { sql: string } | undefined)?.sql ??
        '',
    );
  const statements = {
    sha: database.prepare('SELECT sha256, metadata FROM documents WHERE index_name = ? AND id = ?'),
    chunksOf: database.prepare('SELECT rowid, text, heading, scope FROM chunks WHERE index_name = ? AND document_id = ?'),
    unindex: database.prepare("INSERT INTO chunks_fts (chunks_fts, rowid, text, heading, scope) VALUES ('delete', ?, ?, ?, ?)"),
    unvector: embedder === undefined ? undefined : database.prepare('DELETE FROM chunks_vec WHERE rowid = ?'),
    deleteChunks: database.prepare('DELETE FROM chunks WHERE index_name = ? AND document_id = ?'),
    deleteDocument: database.prepare('DELETE FROM documents WHERE index_name = ? AND id = ?'),
    deleteBody: database.prepare('DELETE FROM document_bodies WHERE index_name = ? AND id = ?'),
    insertBody: database.prepare('INSERT OR REPLACE INTO document_bodies (index_name, id, markdown, pages) VALUES (?, ?, ?, ?)'),
    insertDocument: database.prepare(
      `INSERT OR REPLACE INTO documents (index_name, id, title, media_type, sha256, bytes, indexed_at, chunk_count,
       page_count, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChunk: database.prepare(
      'INSERT INTO chunks (index_name, document_id, ordinal, heading, page, text, scope) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    indexChunk: database.prepare('INSERT INTO chunks_fts (rowid, text, heading, scope) VALUES (?, ?, ?, ?)'),
    vectorChunk:
      embedder === undefined
        ? undefined
        : database.prepare(
            withCoarseColumn
              ? 'INSERT INTO chunks_vec (rowid, index_name, embedding, coarse) VALUES (?, ?, ?, vec_quantize_binary(?3))'
              : 'INSERT INTO chunks_vec (rowid, index_name, embedding) VALUES (?, ?, ?)',
          ),
    dataVersion: database.prepare('PRAGMA data_version'),
    vectorsOf:
      embedder === undefined ? undefined : database.prepare('SELECT rowid, embedding FROM chunks_vec WHERE index_name = ?'),
    read: database.prepare(
      `SELECT ${documentColumns}, b.markdown, b.pages FROM documents d
       JOIN document_bodies b ON b.index_name = d.index_name AND b.id = d.id WHERE d.index_name = ? AND d.id = ?`,
    ),
    documentIds: database.prepare('SELECT id FROM documents WHERE index_name = ?'),
    otherIndex: database.prepare('SELECT 1 FROM documents WHERE index_name < ?1 OR index_name > ?1 LIMIT 1'),
    indexes: database.prepare(
      'SELECT index_name AS name, count(*) AS documents, sum(chunk_count) AS chunks FROM documents GROUP BY index_name ORDER BY index_name',
    ),
  };
  const removeChunks = (index: string, id: string) => {
    for (const row of statements.chunksOf.all(index, id) as { rowid: number; text: string; heading: string; scope: string }[]) {
      statements.unindex.run(row.rowid, row.text, row.heading, row.scope);
      statements.unvector?.run(BigInt(row.rowid));
      vectorIndexes.get(index)?.remove(Number(row.rowid));
    }
    statements.deleteChunks.run(index, id);
  };
  /** Runs `work` in a transaction; a rollback drops the index's in-memory vectors (they may have seen the writes). */
  const transaction = <T>(index: string, work: () => T): T => {
    database.exec('BEGIN');
    try {
      const result = work();
      database.exec('COMMIT');
      return result;
    } catch (error) {
      database.exec('ROLLBACK');
      vectorIndexes.delete(index);
      throw error;
    }
  };
  const vectorIndexOf = (index: string): BinaryVectorIndex => {
    const version = Number((statements.dataVersion.get() as { data_version: number }).data_version);
    if (version !== seenDataVersion) vectorIndexes.clear();
    seenDataVersion = version;
    let found = vectorIndexes.get(index);
    if (found === undefined) {
      const rows = (statements.vectorsOf as StatementSync).all(index) as { rowid: number; embedding: Uint8Array }[];
      found = createBinaryVectorIndex({
        dimensions: (embedder as Embedder).dimensions,
        entries: rows.map((row) => ({ rowid: Number(row.rowid), vector: toFloats(row.embedding) })),
      });
      vectorIndexes.set(index, found);
    }
    return found;
  };
  // Prepared once per SQL text: the search statements vary only with the filter's shape and the number of hits, and
  // preparing one costs about as much as a rare-word BM25 query.
  const prepared = new Map<string, StatementSync>();
  const query = (sql: string, values: SQLInputValue[]) => {
    let statement = prepared.get(sql);
    if (statement === undefined) {
      if (prepared.size >= 256) prepared.clear();
      statement = database.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement.all(...values) as Record<string, unknown>[];
  };
  /** Chunk rowids of one index that pass a filter, as a subquery (SQLite builds it once per statement). */
  const filteredRowids = (index: string, filter: DocumentFilter): [string, SQLInputValue[]] => {
    const [where, values] = sqliteFilterClause('d', filter);
    return [
      // CROSS JOIN keeps documents outside: filters run once per document, chunks come by index.
      `SELECT c.rowid FROM documents d CROSS JOIN chunks c ON c.index_name = d.index_name AND c.document_id = d.id
       WHERE d.index_name = ?${where}`,
      [index, ...values],
    ];
  };
  const hitsFor = (index: string, ranked: { rowid: number | bigint; score: number }[]): SearchHit[] => {
    if (ranked.length === 0) return [];
    // `+c.index_name` keeps SQLite from walking the index's chunks through chunks_by_document (100,000 chunks: 15 ms)
    // instead of looking the few rowids up.
    const rows = query(
      `SELECT ${hitColumns} FROM chunks c JOIN documents d ON d.index_name = c.index_name AND d.id = c.document_id
       WHERE +c.index_name = ? AND c.rowid IN (${ranked.map(() => '?').join(', ')})`,
      [index, ...ranked.map((entry) => entry.rowid)],
    );
    const byRowid = new Map(rows.map((row) => [Number(row.rowid), row]));
    return ranked.flatMap((entry) => {
      const row = byRowid.get(Number(entry.rowid));
      return row === undefined ? [] : [toHit({ ...row, score: entry.score })];
    });
  };
  const backend: SearchBackend = {
    async fullText(index, text, limit, filter) {
      const words = toFtsQuery(text);
      if (words === undefined) return [];
      const filtered = Object.keys(filter).length > 0 ? filteredRowids(index, filter) : undefined;
      // Top hits first, inside FTS5 (scope token AND the words), then the chunk rows of just those. (A rowid IN (…)
      // constraint inside FTS5 would run the query once per row.) The scope token's doclist spans every chunk of the index, so intersecting with it costs time in proportion
      // to the index size; when no other index shares the file, it is left out.
      const alone = statements.otherIndex.get(index) === undefined;
      const match = alone ? words : `scope : "${scopeToken(index)}" AND (${words})`;
      const ranked = (
        filtered === undefined
          ? query(
              `SELECT rowid, -bm25(chunks_fts, 1.0, 2.0, 0.0) AS score FROM chunks_fts
               WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?`,
              [match, limit],
            )
          : query(
              // The filter's chunk rowids first (documents by filter, their chunks from the covering index), then
              // the matches kept by set membership before they are scored (`+rowid` keeps the set out of FTS5, which
              // would run the query once per rowid). Against joining every scored match to its chunk and document
              // row: 100,000 chunks, common words, a 10% filter, p50 29 → 8 ms (same results).
              `WITH allowed AS MATERIALIZED (${filtered[0]})
               SELECT rowid, -bm25(chunks_fts, 1.0, 2.0, 0.0) AS score FROM chunks_fts
               WHERE chunks_fts MATCH ? AND +rowid IN (SELECT rowid FROM allowed) ORDER BY score DESC LIMIT ?`,
              [...filtered[1], match, limit],
            )
      ) as { rowid: number; score: number }[];
      return hitsFor(index, ranked);
    },
    async nearest(index, vector, limit, filter) {
      const filtered = Object.keys(filter).length > 0 ? filteredRowids(index, filter) : undefined;
      let ranked: { rowid: number; distance: number }[];
      if (quantized) {
        const vectors = vectorIndexOf(index);
        ranked =
          filtered === undefined
            ? vectors.nearest(vector, limit, Math.max(candidates, limit * 10))
            : vectors.nearestAmong(
                vector,
                query(filtered[0], filtered[1]).map((row) => Number(row.rowid)),
                limit,
              );
      } else if (filtered !== undefined) {
        ranked = query(
          `SELECT rowid, vec_distance_cosine(embedding, ?) AS distance FROM chunks_vec
           WHERE rowid IN (${filtered[0]}) ORDER BY distance LIMIT ?`,
          [vector, ...filtered[1], limit],
        ) as typeof ranked;
      } else {
        ranked = query('SELECT rowid, distance FROM chunks_vec WHERE embedding MATCH ? AND k = ? AND index_name = ?', [
          vector,
          limit,
          index,
        ]) as typeof ranked;
      }
      return hitsFor(
        index,
        ranked.map((entry) => ({ rowid: entry.rowid, score: 1 - entry.distance })),
      );
    },
  };
  const store: DocumentStore = {
    capabilities: {
      fullText: 'sqlite-fts5',
      vector: embedder === undefined ? 'none' : 'sqlite-vec',
      embedder: embedder?.id,
    },
    async upsert(index, version: DocumentVersion, signal) {
      const known = statements.sha.get(index, version.id) as { sha256: string; metadata: string } | undefined;
      if (known !== undefined && isUnchanged(known, version)) return 'unchanged';
      if (embedder === undefined && storedEmbedder !== undefined)
        throw new McpflowError(
          'CONFIG_INVALID',
          `${options.path} holds vectors of embedder "${storedEmbedder}": open it with that embedder to add documents`,
        );
      const vectors = embedder === undefined ? [] : await embedder.embed(version.chunks.map(embeddingTextOf), signal);
      transaction(index, () => {
        removeChunks(index, version.id);
        const { id, title, mediaType, sha256, bytes, markdown, chunks } = version;
        const pages = version.pages ?? [{ number: 1, markdown }];
        const scope = scopeToken(index);
        statements.insertDocument.run(
          index,
          id,
          title ?? null,
          mediaType,
          sha256,
          bytes,
          Date.now(),
          chunks.length,
          pages.length,
          JSON.stringify(version.metadata ?? {}),
        );
        statements.insertBody.run(index, id, markdown, JSON.stringify(pages));
        for (const [position, chunk] of chunks.entries()) {
          const { lastInsertRowid } = statements.insertChunk.run(
            index,
            id,
            chunk.ordinal,
            chunk.heading,
            chunk.page,
            chunk.text,
            scope,
          );
          statements.indexChunk.run(lastInsertRowid, chunk.text, chunk.heading, scope);
          statements.vectorChunk?.run(BigInt(lastInsertRowid), index, vectors[position] as Float32Array);
          vectorIndexes.get(index)?.add(Number(lastInsertRowid), vectors[position] as Float32Array);
        }
      });
      return known === undefined ? 'added' : 'updated';
    },
    async delete(index, id) {
      return transaction(index, () => {
        removeChunks(index, id);
        statements.deleteBody.run(index, id);
        return Number(statements.deleteDocument.run(index, id).changes) > 0;
      });
    },
    async deleteIndex(index) {
      return transaction(index, () => {
        const ids = statements.documentIds.all(index) as { id: string }[];
        for (const { id } of ids) {
          removeChunks(index, id);
          statements.deleteDocument.run(index, id);
          statements.deleteBody.run(index, id);
        }
        return ids.length;
      });
    },
    async list(index, filter = {}) {
      const [where, values] = sqliteFilterClause('d', filter);
      return query(`SELECT ${documentColumns} FROM documents d WHERE d.index_name = ?${where} ORDER BY d.id`, [
        index,
        ...values,
      ]).map(toDocument);
    },
    async indexes() {
      return (statements.indexes.all() as { name: string; documents: number; chunks: number | null }[]).map((row) => ({
        name: row.name,
        documents: Number(row.documents),
        chunks: Number(row.chunks ?? 0),
      }));
    },
    async read(index, id) {
      const row = statements.read.get(index, id) as Record<string, unknown> | undefined;
      if (row === undefined) return undefined;
      const markdown = String(row.markdown);
      const pages = JSON.parse(String(row.pages)) as { number: number; markdown: string }[];
      return { document: toDocument(row), markdown, pages: pages.length > 0 ? pages : [{ number: 1, markdown }] };
    },
    search(index, text, searchOptions = {}) {
      return runSearch(backend, embedder, index, text, searchOptions);
    },
    async close() {
      if (database.isOpen) database.close();
    },
  };
  return store;
}

/** A vec0 float blob as a Float32Array (copied: the blob's bytes need not be 4-byte aligned). */
function toFloats(blob: Uint8Array): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
