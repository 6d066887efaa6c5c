import type { DocumentVersion, MetadataValue, SearchHit, StoredDocument } from './document-store.ts';

/** @internal A documents row (SQLite or PostgreSQL, same column names) as a {@link StoredDocument}. */
export function toDocument(row: Record<string, unknown>): StoredDocument {
  const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  return {
    index: String(row.index_name),
    id: String(row.id),
    title: row.title === null || row.title === undefined ? undefined : String(row.title),
    mediaType: String(row.media_type),
    sha256: String(row.sha256),
    bytes: Number(row.bytes),
    indexedAt: Number(row.indexed_at),
    chunks: Number(row.chunk_count),
    pages: Number(row.page_count ?? 1),
    metadata: (metadata ?? {}) as Record<string, MetadataValue>,
  };
}

/** @internal A chunk row joined with its document as a {@link SearchHit}. */
export function toHit(row: Record<string, unknown>): SearchHit {
  return {
    index: String(row.index_name),
    documentId: String(row.document_id),
    title: row.title === null || row.title === undefined ? undefined : String(row.title),
    heading: String(row.heading),
    page: Number(row.page),
    ordinal: Number(row.ordinal),
    text: String(row.text),
    score: Number(row.score),
  };
}

/** @internal Same content hash and same metadata (key order aside): an upsert has nothing to do. */
export function isUnchanged(stored: { sha256: string; metadata: unknown }, version: DocumentVersion): boolean {
  if (stored.sha256 !== version.sha256) return false;
  const metadata = (typeof stored.metadata === 'string' ? JSON.parse(stored.metadata) : (stored.metadata ?? {})) as object;
  const canonical = (value: object) => JSON.stringify(Object.entries(value).sort(([left], [right]) => (left < right ? -1 : 1)));
  return canonical(metadata) === canonical(version.metadata ?? {});
}
