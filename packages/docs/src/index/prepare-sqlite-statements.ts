import type { DatabaseSync, StatementSync } from 'node:sqlite';

const documentColumns =
  'd.index_name, d.id, d.title, d.media_type, d.sha256, d.bytes, d.indexed_at, d.chunk_count, d.page_count, d.metadata';

/** @internal The SQLite store's fixed statements; see {@link prepareSqliteStatements}. */
export type SqliteStatements = ReturnType<typeof prepareSqliteStatements>;

/** @internal The documents columns every documents query selects, as `d.…`. */
export const sqliteDocumentColumns = documentColumns;

/**
 * @internal Prepares the store's fixed statements once. With vectors, the `chunks_vec` ones too; files of earlier
 * versions carry 1-bit copies in a `coarse` column (the in-memory index replaced them), which keep being filled, so
 * those files stay consistent.
 */
export function prepareSqliteStatements(database: DatabaseSync, withVectors: boolean) {
  const withCoarseColumn =
    withVectors &&
    /\bcoarse bit\[/.test(
      (database.prepare("SELECT sql FROM sqlite_master WHERE name = 'chunks_vec'").get() as { sql: string } | undefined)?.sql ??
        '',
    );
  const vectorStatement = (sql: string): StatementSync | undefined => (withVectors ? database.prepare(sql) : undefined);
  return {
    sha: database.prepare('SELECT sha256, metadata FROM documents WHERE index_name = ? AND id = ?'),
    chunksOf: database.prepare('SELECT rowid, text, heading, scope FROM chunks WHERE index_name = ? AND document_id = ?'),
    unindex: database.prepare("INSERT INTO chunks_fts (chunks_fts, rowid, text, heading, scope) VALUES ('delete', ?, ?, ?, ?)"),
    unvector: vectorStatement('DELETE FROM chunks_vec WHERE rowid = ?'),
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
    vectorChunk: vectorStatement(
      withCoarseColumn
        ? 'INSERT INTO chunks_vec (rowid, index_name, embedding, coarse) VALUES (?, ?, ?, vec_quantize_binary(?3))'
        : 'INSERT INTO chunks_vec (rowid, index_name, embedding) VALUES (?, ?, ?)',
    ),
    vectorsOf: vectorStatement('SELECT rowid, embedding FROM chunks_vec WHERE index_name = ?'),
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
}
