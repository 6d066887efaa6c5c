import { DatabaseSync } from 'node:sqlite';
import { McpflowError } from 'mcpflow';
import { getLoadablePath } from 'sqlite-vec';
import type { Embedder } from '../embed/embedder.ts';
import { createMemoryIndexes } from './create-memory-indexes.ts';
import { createSqliteSearchBackend } from './create-sqlite-search-backend.ts';
import { createStatementCache } from './create-statement-cache.ts';
import type { DocumentStore, DocumentVersion } from './document-store.ts';
import { prepareSqliteStatements, sqliteDocumentColumns } from './prepare-sqlite-statements.ts';
import { embeddingTextOf, runSearch } from './run-search.ts';
import { sqliteFilterClause } from './sqlite-filter-clause.ts';
import { fullTextTokenizer, hasCurrentFullTextTable, prepareSqliteSchema, scopeToken } from './sqlite-schema.ts';
import { isUnchanged, toDocument } from './store-rows.ts';
import { fromStoredPages, toStoredPages } from './stored-pages.ts';

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
  /**
   * `memory`: BM25 from postings held in memory (typed arrays, ~910 bytes a chunk: 100,000 chunks ≈ 91 MB, built
   * from the FTS5 index on the first full-text search, ~2.3 s at 100,000 chunks), which gives FTS5's `bm25()`
   * ranking exactly — same hits, same scores — without SQLite scoring every matching row: common words at 100,000
   * chunks ~0.3 ms instead of ~3–9 ms. Queries it cannot reproduce (a word FTS5 splits into a phrase, such as
   * `foo_bar`) run in FTS5. Kept current by this store's writes, rebuilt after another connection writes the file.
   * `fts5`: every query in SQLite, nothing held — for one-shot processes such as `mcpflow docs query`, where the
   * build would cost more than the query it speeds up. `memory` is the default because a store is mostly opened by
   * something that searches it many times (a server, an agent, an evaluation); `bench:docs:index` measures both.
   * @default 'memory'
   */
  textSearch?: 'memory' | 'fts5';
}

/**
 * The embedded document store: one SQLite file (`node:sqlite`, WAL) with an FTS5 index over chunks and, with an
 * embedder, a sqlite-vec `vec0` table of their vectors (cosine). Chunk text and headings are stemmed (Porter);
 * headings weigh twice as much as text in BM25, since they name what a section is about. Vector search runs by
 * default on an in-memory sign-bit index with exact rescoring (see {@link SqliteDocumentStoreOptions.vectorSearch}),
 * about 6 ms instead of sqlite-vec's ~50 ms exact scan at 100,000 × 256-d. Hybrid search fuses both lists by
 * reciprocal rank. Filtered vector search is exact over the filtered chunks, so filters never lose hits that an
 * approximate pre-selection would have dropped. BM25 runs by default on an in-memory index that reproduces FTS5's
 * ranking exactly (see {@link SqliteDocumentStoreOptions.textSearch}).
 *
 * @example
 * ```ts
 * const store = createSqliteDocumentStore({ path: 'docs.db', embedder: createHashingEmbedder() })
 * const hits = await store.search('manuals', 'rotate log files', { limit: 5 })
 * ```
 */
export function createSqliteDocumentStore(options: SqliteDocumentStoreOptions): DocumentStore {
  const { embedder } = options;
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
  const statements = prepareSqliteStatements(database, embedder !== undefined);
  /** BM25 postings, quantized vectors and chunks per document: built lazily, kept current by the writes below. */
  const memory = createMemoryIndexes({
    database,
    tokenize: fullTextTokenizer,
    ...(statements.vectorsOf === undefined ? {} : { vectorsOf: statements.vectorsOf }),
    ...(embedder === undefined ? {} : { dimensions: embedder.dimensions }),
  });
  const query = createStatementCache(database);
  const backend = createSqliteSearchBackend({
    query,
    memory,
    memoryText: (options.textSearch ?? 'memory') === 'memory' && hasCurrentFullTextTable(database),
    quantized: embedder !== undefined && (options.vectorSearch ?? 'quantized') === 'quantized',
    candidates: options.candidates ?? 1000,
    otherIndex: statements.otherIndex,
  });
  const removeChunks = (index: string, documentId: string) => {
    const rows = statements.chunksOf.all(index, documentId) as { rowid: number; text: string; heading: string; scope: string }[];
    for (const row of rows) {
      statements.unindex.run(row.rowid, row.text, row.heading, row.scope);
      statements.unvector?.run(BigInt(row.rowid));
      memory.removed({ index, documentId, ...row, rowid: Number(row.rowid) });
    }
    statements.deleteChunks.run(index, documentId);
  };
  /**
   * Runs `work` in a write transaction; the in-memory indexes take its changes when it commits. IMMEDIATE takes the
   * write lock first, so no other connection commits between the data-version check and the work.
   */
  const transaction = <T>(work: () => T): T => {
    database.exec('BEGIN IMMEDIATE');
    try {
      memory.refresh();
      const result = work();
      database.exec('COMMIT');
      memory.commit();
      return result;
    } catch (error) {
      memory.rollback();
      if (database.isTransaction) database.exec('ROLLBACK');
      throw error;
    }
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
      transaction(() => {
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
        statements.insertBody.run(index, id, markdown, toStoredPages(markdown, pages));
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
          const vector = vectors[position];
          statements.vectorChunk?.run(BigInt(lastInsertRowid), index, vector as Float32Array);
          memory.added({
            index,
            documentId: id,
            rowid: Number(lastInsertRowid),
            text: chunk.text,
            heading: chunk.heading,
            scope,
            ...(vector === undefined ? {} : { vector }),
          });
        }
      });
      return known === undefined ? 'added' : 'updated';
    },
    async delete(index, id) {
      return transaction(() => {
        removeChunks(index, id);
        statements.deleteBody.run(index, id);
        return Number(statements.deleteDocument.run(index, id).changes) > 0;
      });
    },
    async deleteIndex(index) {
      return transaction(() => {
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
      return query(`SELECT ${sqliteDocumentColumns} FROM documents d WHERE d.index_name = ?${where} ORDER BY d.id`, [
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
      const pages = fromStoredPages(markdown, String(row.pages));
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
