import { DatabaseSync } from 'node:sqlite';
import type { DocumentFilter, DocumentStore, DocumentVersion, SearchHit, StoredDocument } from './document-store.ts';
import { toFtsQuery } from './to-fts-query.ts';

/** Options for {@link createSqliteDocumentStore}. */
export interface SqliteDocumentStoreOptions {
  /** The database file (created when missing), or `':memory:'`. */
  path: string;
}

interface DocumentRow {
  index_name: string;
  id: string;
  title: string | null;
  media_type: string;
  sha256: string;
  bytes: number;
  indexed_at: number;
  chunk_count: number;
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
    text, heading, content = 'chunks', content_rowid = 'rowid', tokenize = 'porter unicode61');`;

/**
 * The embedded document store: one SQLite file (`node:sqlite`, WAL) with an FTS5 index over chunks. Chunk text and
 * headings are stemmed (Porter); headings weigh twice as much as text in BM25, since they name what a section is about.
 *
 * @example
 * ```ts
 * const store = createSqliteDocumentStore({ path: 'docs.db' })
 * const hits = await store.search('manuals', 'rotate log files', { limit: 5 })
 * ```
 */
export function createSqliteDocumentStore(options: SqliteDocumentStoreOptions): DocumentStore {
  const database = new DatabaseSync(options.path);
  database.exec(schema);
  const statements = {
    sha: database.prepare('SELECT sha256 FROM documents WHERE index_name = ? AND id = ?'),
    chunksOf: database.prepare('SELECT rowid, text, heading FROM chunks WHERE index_name = ? AND document_id = ?'),
    unindex: database.prepare("INSERT INTO chunks_fts (chunks_fts, rowid, text, heading) VALUES ('delete', ?, ?, ?)"),
    deleteChunks: database.prepare('DELETE FROM chunks WHERE index_name = ? AND document_id = ?'),
    deleteDocument: database.prepare('DELETE FROM documents WHERE index_name = ? AND id = ?'),
    insertDocument: database.prepare(
      'INSERT OR REPLACE INTO documents (index_name, id, title, media_type, sha256, bytes, indexed_at, chunk_count, markdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertChunk: database.prepare(
      'INSERT INTO chunks (index_name, document_id, ordinal, heading, page, text) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    indexChunk: database.prepare('INSERT INTO chunks_fts (rowid, text, heading) VALUES (?, ?, ?)'),
    read: database.prepare('SELECT *, markdown FROM documents WHERE index_name = ? AND id = ?'),
    indexes: database.prepare(
      'SELECT index_name AS name, count(*) AS documents, sum(chunk_count) AS chunks FROM documents GROUP BY index_name ORDER BY index_name',
    ),
  };
  const removeChunks = (index: string, id: string) => {
    for (const row of statements.chunksOf.all(index, id) as { rowid: number; text: string; heading: string }[]) {
      statements.unindex.run(row.rowid, row.text, row.heading);
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
  return {
    async upsert(index, version: DocumentVersion) {
      const known = statements.sha.get(index, version.id) as { sha256: string } | undefined;
      if (known?.sha256 === version.sha256) return 'unchanged';
      transaction(() => {
        removeChunks(index, version.id);
        const { id, title, mediaType, sha256, bytes, markdown, chunks } = version;
        statements.insertDocument.run(index, id, title ?? null, mediaType, sha256, bytes, Date.now(), chunks.length, markdown);
        for (const chunk of chunks) {
          const { lastInsertRowid } = statements.insertChunk.run(index, id, chunk.ordinal, chunk.heading, chunk.page, chunk.text);
          statements.indexChunk.run(lastInsertRowid, chunk.text, chunk.heading);
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
    async list(index, filter = {}) {
      const [where, values] = filterClause('d', filter);
      const rows = database
        .prepare(`SELECT * FROM documents d WHERE d.index_name = ? ${where} ORDER BY d.id`)
        .all(index, ...values);
      return (rows as unknown as DocumentRow[]).map(toDocument);
    },
    async indexes() {
      return (statements.indexes.all() as { name: string; documents: number; chunks: number | null }[]).map((row) => ({
        name: row.name,
        documents: Number(row.documents),
        chunks: Number(row.chunks ?? 0),
      }));
    },
    async read(index, id) {
      const row = statements.read.get(index, id) as (DocumentRow & { markdown: string }) | undefined;
      return row === undefined ? undefined : { document: toDocument(row), markdown: row.markdown };
    },
    async search(index, query, options = {}) {
      const match = toFtsQuery(query);
      if (match === undefined) return [];
      const [where, values] = filterClause('d', options.filter ?? {});
      const rows = database
        .prepare(
          `SELECT c.index_name, c.document_id, d.title, c.heading, c.page, c.ordinal, c.text, -bm25(chunks_fts, 1.0, 2.0) AS score
           FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid
           JOIN documents d ON d.index_name = c.index_name AND d.id = c.document_id
           WHERE chunks_fts MATCH ? AND c.index_name = ? ${where}
           ORDER BY score DESC LIMIT ?`,
        )
        .all(match, index, ...values, options.limit ?? 10) as Record<string, unknown>[];
      return rows.map(
        (row): SearchHit => ({
          index: String(row.index_name),
          documentId: String(row.document_id),
          title: row.title === null ? undefined : String(row.title),
          heading: String(row.heading),
          page: Number(row.page),
          ordinal: Number(row.ordinal),
          text: String(row.text),
          score: Number(row.score),
        }),
      );
    },
    close() {
      database.close();
    },
  };
}

function filterClause(alias: string, filter: DocumentFilter): [string, string[]] {
  const clauses: string[] = [];
  const values: string[] = [];
  if (filter.idPrefix !== undefined) {
    clauses.push(`substr(${alias}.id, 1, length(?)) = ?`);
    values.push(filter.idPrefix, filter.idPrefix);
  }
  if (filter.mediaType !== undefined) {
    clauses.push(`${alias}.media_type = ?`);
    values.push(filter.mediaType);
  }
  return [clauses.map((clause) => `AND ${clause}`).join(' '), values];
}

function toDocument(row: DocumentRow): StoredDocument {
  return {
    index: row.index_name,
    id: row.id,
    title: row.title ?? undefined,
    mediaType: row.media_type,
    sha256: row.sha256,
    bytes: Number(row.bytes),
    indexedAt: Number(row.indexed_at),
    chunks: Number(row.chunk_count),
  };
}
