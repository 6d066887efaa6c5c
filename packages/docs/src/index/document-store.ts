import type { Chunk } from './chunk-markdown.ts';

/** A document in an index. */
export interface StoredDocument {
  index: string;
  /** The document's id within its index: its path relative to the indexed root. */
  id: string;
  title: string | undefined;
  mediaType: string;
  sha256: string;
  bytes: number;
  /** Epoch milliseconds. */
  indexedAt: number;
  chunks: number;
}

/** A retrieved chunk with its document and BM25 score (higher is better). */
export interface SearchHit {
  index: string;
  documentId: string;
  title: string | undefined;
  heading: string;
  page: number;
  ordinal: number;
  text: string;
  score: number;
}

/** What `upsert` did: nothing when the content hash is unchanged (incremental re-indexing). */
export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** Filters for search and listing. */
export interface DocumentFilter {
  /** Only documents whose id starts with this. */
  idPrefix?: string;
  mediaType?: string;
}

/** The new version of a document. */
export interface DocumentVersion {
  id: string;
  title: string | undefined;
  mediaType: string;
  sha256: string;
  bytes: number;
  markdown: string;
  chunks: Chunk[];
}

/** Where indexed documents and their chunks live, searchable by BM25. */
export interface DocumentStore {
  upsert(index: string, document: DocumentVersion): Promise<UpsertOutcome>;
  /** Removes a document; false when it was not there. */
  delete(index: string, id: string): Promise<boolean>;
  list(index: string, filter?: DocumentFilter): Promise<StoredDocument[]>;
  indexes(): Promise<{ name: string; documents: number; chunks: number }[]>;
  /** The document's Markdown, or `undefined`. */
  read(index: string, id: string): Promise<{ document: StoredDocument; markdown: string } | undefined>;
  search(index: string, query: string, options?: { limit?: number; filter?: DocumentFilter }): Promise<SearchHit[]>;
  close(): void;
}
