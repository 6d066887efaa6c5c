import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

const tables = `
  PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;
  CREATE TABLE IF NOT EXISTS documents (
    index_name TEXT NOT NULL, id TEXT NOT NULL, title TEXT, media_type TEXT NOT NULL, sha256 TEXT NOT NULL,
    bytes INTEGER NOT NULL, indexed_at INTEGER NOT NULL, chunk_count INTEGER NOT NULL,
    page_count INTEGER NOT NULL DEFAULT 1, metadata TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (index_name, id));
  -- The text lives apart: a filter reading documents.metadata must not walk a 50 KB row's overflow pages to get there.
  CREATE TABLE IF NOT EXISTS document_bodies (
    index_name TEXT NOT NULL, id TEXT NOT NULL, markdown TEXT NOT NULL, pages TEXT NOT NULL,
    PRIMARY KEY (index_name, id));
  CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, index_name TEXT NOT NULL, document_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (index_name, document_id);
  CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`;

/** @internal The chunks' FTS5 tokenizer: Porter stemming over unicode61 (diacritics folded). */
export const fullTextTokenizer = 'porter unicode61';

const fullTextColumns = "text, heading, scope, content = 'chunks', content_rowid = 'rowid'";

const fullText = `CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    ${fullTextColumns}, tokenize = '${fullTextTokenizer}')`;

/** Columns added after the first release: added in place, so older index files keep working. */
const addedColumns = [
  ['documents', 'metadata', "TEXT NOT NULL DEFAULT '{}'"],
  ['documents', 'page_count', 'INTEGER NOT NULL DEFAULT 1'],
  ['chunks', 'scope', "TEXT NOT NULL DEFAULT ''"],
] as const;

/**
 * @internal The full-text token naming an index. Each chunk carries its index's token in the `scope` column, so an
 * FTS5 query restricted to one index is a doclist intersection inside FTS5, and the top hits are found before any
 * join with the chunk rows.
 */
export function scopeToken(index: string): string {
  return `ix${createHash('sha256').update(index).digest('hex').slice(0, 16)}`;
}

/** @internal Creates the tables, and migrates files written by earlier versions (columns, then the FTS5 table). */
export function prepareSqliteSchema(database: DatabaseSync): void {
  database.exec(tables);
  const hadScope = columnsOf(database, 'chunks').has('scope');
  for (const [table, name, definition] of addedColumns) {
    if (!columnsOf(database, table).has(name)) database.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${definition}`);
  }
  if (columnsOf(database, 'documents').has('markdown')) {
    // Written by the first release: the Markdown moves to document_bodies.
    database.exec(`INSERT OR REPLACE INTO document_bodies (index_name, id, markdown, pages)
      SELECT index_name, id, markdown, '[]' FROM documents;
      ALTER TABLE documents DROP COLUMN markdown;`);
  }
  if (!hadScope) {
    const update = database.prepare('UPDATE chunks SET scope = ? WHERE index_name = ?');
    for (const { index_name } of database.prepare('SELECT DISTINCT index_name FROM chunks').all() as { index_name: string }[])
      update.run(scopeToken(index_name), index_name);
    database.exec('DROP TABLE IF EXISTS chunks_fts');
    database.exec(fullText);
    database.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild')");
  }
  database.exec(fullText);
}

function columnsOf(database: DatabaseSync, table: string): Set<string> {
  return new Set((database.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((row) => row.name));
}

/**
 * @internal Whether the file's FTS5 table is the one this version creates (columns, tokenizer): only then can an
 * in-memory BM25 index tokenize and weigh as it does.
 */
export function hasCurrentFullTextTable(database: DatabaseSync): boolean {
  const row = database.prepare("SELECT sql FROM sqlite_master WHERE name = 'chunks_fts'").get() as { sql: string } | undefined;
  const definition = row?.sql.replace(/\s+/g, ' ') ?? '';
  return definition.includes(`${fullTextColumns}, tokenize = '${fullTextTokenizer}'`);
}
