import type { MetadataValue, SearchHit, StoredDocument } from './document-store.ts';

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
