import type { DatabaseSync } from 'node:sqlite';

/** @internal Which chunk rowids each document has; see {@link createChunkDirectory}. */
export interface ChunkDirectory {
  add(index: string, documentId: string, rowid: number): void;
  removeDocument(index: string, documentId: string): void;
  /** The chunk rowids of these documents of `index`. */
  rowidsOf(index: string, documentIds: Iterable<string>): number[];
}

/**
 * @internal The chunk rowids of every document, read once from the chunks table (100,000 chunks: ~0.1 s, ~2 MB):
 * a metadata filter then costs one SQL query over the documents (hundreds of rows, and SQLite's own semantics for
 * the conditions) instead of a join yielding every allowed chunk (10,000 rows for a 10% filter: ~4 ms).
 */
export function createChunkDirectory(database: DatabaseSync): ChunkDirectory {
  const byDocument = new Map<string, number[]>();
  const key = (index: string, documentId: string) => `${index}\u0000${documentId}`;
  const directory: ChunkDirectory = {
    add(index, documentId, rowid) {
      const name = key(index, documentId);
      const rowids = byDocument.get(name);
      if (rowids === undefined) byDocument.set(name, [rowid]);
      else rowids.push(rowid);
    },
    removeDocument(index, documentId) {
      byDocument.delete(key(index, documentId));
    },
    rowidsOf(index, documentIds) {
      const found: number[] = [];
      for (const documentId of documentIds) {
        const rowids = byDocument.get(key(index, documentId));
        if (rowids !== undefined) for (const rowid of rowids) found.push(rowid);
      }
      return found;
    },
  };
  const rows = database.prepare('SELECT rowid, index_name, document_id FROM chunks').iterate() as Iterable<{
    rowid: number;
    index_name: string;
    document_id: string;
  }>;
  for (const row of rows) directory.add(row.index_name, row.document_id, Number(row.rowid));
  return directory;
}
