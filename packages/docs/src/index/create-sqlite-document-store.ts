import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { McpflowError } from 'mcpflow';
import { getLoadablePath } from 'sqlite-vec';
import type { Embedder } from '../embed/embedder.ts';
import type { DocumentStore, DocumentVersion } from './document-store.ts';
import { embeddingTextOf, runSearch, type SearchBackend } from './run-search.ts';
import { sqliteFilterClause } from './sqlite-filter-clause.ts';
import { toDocument, toHit } from './store-rows.ts';
import { toFtsQuery } from './to-fts-query.ts';

/** Options for {@link createSqliteDocumentStore}. */
export interface SqliteDocumentStoreOptions {
  /** The database file (created when missing), or `':memory:'`. */
  path: string;
  /** Embeds chunks and queries for vector and hybrid search (sqlite-vec); without it search is BM25 only. */
  embedder?: Embedder;
}

const schema = `
  PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;
  CREATE TABLE IF NOT EXISTS documents (
    index_name TEXT NOT NULL, id TEXT NOT NULL, title TEXT, media_type TEXT NOT NULL, sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL, indexed_at INTEGER NOT NULL, chunk_count INTEGER NOT NULL, markdown TEXT NOT NULL,
    PRIMARY KEY (index_name, id));
  CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, index_name TEXT NOT NULL, document_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (index_name, document_id);
  CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, heading, content = 'chunks', content_rowid = 'rowid', tokenize = 'porter unicode61');
  CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;

/** Columns added after the first release: added in place, so older index files keep working. */
const addedColumns = [
  ['pages', "TEXT NOT NULL DEFAULT '[]'"],
  ['metadata', "TEXT NOT NULL DEFAULT '{}'"],
  ['page_count', 'INTEGER NOT NULL DEFAULT 1'],
] as const;

const documentColumns =
  'd.index_name, d.id, d.title, d.media_type, d.sha256, d.bytes, d.indexed_at, d.chunk_count, d.page_count, d.metadata';

const hitColumns = 'c.rowid AS rowid, c.index_name, c.document_id, d.title, c.heading, c.page, c.ordinal, c.text';

/**
 * The embedded document store: one SQLite file (`node:sqlite`, WAL) with an FTS5 index over chunks and, with an
 * embedder, a sqlite-vec `vec0` table of their vectors (cosine). Chunk text and headings are stemmed (Porter);
 * headings weigh twice as much as text in BM25, since they name what a section is about. Hybrid search fuses both
 * lists by reciprocal rank. Filtered vector search is an exact scan over the filtered chunks, so filters never lose
 * hits that an approximate pre-selection would have dropped.
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
  database.exec(schema);
  const columns = new Set((database.prepare('PRAGMA table_info(documents)').all() as { name: string }[]).map((row) => row.name));
  for (const [name, definition] of addedColumns) {
    if (!columns.has(name)) database.exec(`ALTER TABLE documents ADD COLUMN ${name} ${definition}`);
  }
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
  const statements = {
    sha: database.prepare('SELECT sha256 FROM documents WHERE index_name = ? AND id = ?'),
    chunksOf: database.prepare('SELECT rowid, text, heading FROM chunks WHERE index_name = ? AND document_id = ?'),
    unindex: database.prepare("INSERT INTO chunks_fts (chunks_fts, rowid, text, heading) VALUES ('delete', ?, ?, ?)"),
    unvector: embedder === undefined ? undefined : database.prepare('DELETE FROM chunks_vec WHERE rowid = ?'),
    deleteChunks: database.prepare('DELETE FROM chunks WHERE index_name = ? AND document_id = ?'),
    deleteDocument: database.prepare('DELETE FROM documents WHERE index_name = ? AND id = ?'),
    insertDocument: database.prepare(
      `INSERT OR REPLACE INTO documents (index_name, id, title, media_type, sha256, bytes, indexed_at, chunk_count,
       markdown, pages, page_count, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChunk: database.prepare(
      'INSERT INTO chunks (index_name, document_id, ordinal, heading, page, text) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    indexChunk: database.prepare('INSERT INTO chunks_fts (rowid, text, heading) VALUES (?, ?, ?)'),
    vectorChunk:
      embedder === undefined
        ? undefined
        : database.prepare('INSERT INTO chunks_vec (rowid, index_name, embedding) VALUES (?, ?, ?)'),
    read: database.prepare('SELECT * FROM documents WHERE index_name = ? AND id = ?'),
    documentIds: database.prepare('SELECT id FROM documents WHERE index_name = ?'),
    indexes: database.prepare(
      'SELECT index_name AS name, count(*) AS documents, sum(chunk_count) AS chunks FROM documents GROUP BY index_name ORDER BY index_name',
    ),
  };
  const removeChunks = (index: string, id: string) => {
    for (const row of statements.chunksOf.all(index, id) as { rowid: number; text: string; heading: string }[]) {
      statements.unindex.run(row.rowid, row.text, row.heading);
      statements.unvector?.run(BigInt(row.rowid));
    }
    statements.deleteChunks.run(index, id);
  };
  const transaction = <T>(work: () => T): T => {
    database.exec('BEGIN');
    try {
      const result = work();
      database.exec('COMMIT');
      return result;
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  };
  const query = (sql: string, values: SQLInputValue[]) => database.prepare(sql).all(...values) as Record<string, unknown>[];
  const backend: SearchBackend = {
    async fullText(index, text, limit, filter) {
      const match = toFtsQuery(text);
      if (match === undefined) return [];
      const [where, values] = sqliteFilterClause('d', filter);
      const rows = query(
        `SELECT ${hitColumns}, -bm25(chunks_fts, 1.0, 2.0) AS score
         FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid
         JOIN documents d ON d.index_name = c.index_name AND d.id = c.document_id
         WHERE chunks_fts MATCH ? AND c.index_name = ?${where} ORDER BY score DESC LIMIT ?`,
        [match, index, ...values, limit],
      );
      return rows.map(toHit);
    },
    async nearest(index, vector, limit, filter) {
      const [where, values] = sqliteFilterClause('d', filter);
      const rows =
        where === ''
          ? query(
              `WITH knn AS (SELECT rowid, distance FROM chunks_vec WHERE embedding MATCH ? AND k = ? AND index_name = ?)
               SELECT ${hitColumns}, 1 - knn.distance AS score FROM knn JOIN chunks c ON c.rowid = knn.rowid
               JOIN documents d ON d.index_name = c.index_name AND d.id = c.document_id ORDER BY knn.distance`,
              [vector, limit, index],
            )
          : query(
              `SELECT ${hitColumns}, 1 - vec_distance_cosine(v.embedding, ?) AS score
               FROM chunks c JOIN documents d ON d.index_name = c.index_name AND d.id = c.document_id
               JOIN chunks_vec v ON v.rowid = c.rowid
               WHERE c.index_name = ?${where} ORDER BY score DESC LIMIT ?`,
              [vector, index, ...values, limit],
            );
      return rows.map(toHit);
    },
  };
  const store: DocumentStore = {
    capabilities: {
      fullText: 'sqlite-fts5',
      vector: embedder === undefined ? 'none' : 'sqlite-vec',
      embedder: embedder?.id,
    },
    async upsert(index, version: DocumentVersion, signal) {
      const known = statements.sha.get(index, version.id) as { sha256: string } | undefined;
      if (known?.sha256 === version.sha256) return 'unchanged';
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
        statements.insertDocument.run(
          index,
          id,
          title ?? null,
          mediaType,
          sha256,
          bytes,
          Date.now(),
          chunks.length,
          markdown,
          JSON.stringify(pages),
          pages.length,
          JSON.stringify(version.metadata ?? {}),
        );
        for (const [position, chunk] of chunks.entries()) {
          const { lastInsertRowid } = statements.insertChunk.run(index, id, chunk.ordinal, chunk.heading, chunk.page, chunk.text);
          statements.indexChunk.run(lastInsertRowid, chunk.text, chunk.heading);
          statements.vectorChunk?.run(BigInt(lastInsertRowid), index, vectors[position] as Float32Array);
        }
      });
      return known === undefined ? 'added' : 'updated';
    },
    async delete(index, id) {
      return transaction(() => {
        removeChunks(index, id);
        return Number(statements.deleteDocument.run(index, id).changes) > 0;
      });
    },
    async deleteIndex(index) {
      return transaction(() => {
        const ids = statements.documentIds.all(index) as { id: string }[];
        for (const { id } of ids) {
          removeChunks(index, id);
          statements.deleteDocument.run(index, id);
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
