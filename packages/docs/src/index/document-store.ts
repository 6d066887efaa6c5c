import type { Chunk } from './chunk-markdown.ts';

/** A metadata value a document can carry and be filtered by. */
export type MetadataValue = string | number | boolean;

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
  pages: number;
  metadata: Record<string, MetadataValue>;
}

/** A retrieved chunk with its document and score (higher is better; comparable within one search only). */
export interface SearchHit {
  index: string;
  documentId: string;
  title: string | undefined;
  heading: string;
  page: number;
  ordinal: number;
  text: string;
  score: number;
  /** Its rank (from 1) in the full-text list, when it was in it. */
  bm25Rank?: number;
  /** Its rank (from 1) in the vector list, when it was in it. */
  vectorRank?: number;
}

/** What `upsert` did: nothing when the content hash is unchanged (incremental re-indexing). */
export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

/** Filters for search and listing; all given conditions must hold. */
export interface DocumentFilter {
  /** Only documents whose id starts with this. */
  idPrefix?: string;
  mediaType?: string;
  /** Only documents whose metadata has exactly these values. */
  metadata?: Record<string, MetadataValue>;
}

/** The new version of a document. */
export interface DocumentVersion {
  id: string;
  title: string | undefined;
  mediaType: string;
  sha256: string;
  bytes: number;
  markdown: string;
  /** The Markdown page by page, for reading page ranges. @default the whole document as page 1 */
  pages?: { number: number; markdown: string }[];
  chunks: Chunk[];
  metadata?: Record<string, MetadataValue>;
}

/**
 * How to rank: `bm25` (full text), `vector` (nearest embeddings) or `hybrid` (both, fused by reciprocal rank).
 * Without an embedder only `bm25` is possible, and `hybrid` falls back to it.
 */
export type SearchMode = 'bm25' | 'vector' | 'hybrid';

/** Options for {@link DocumentStore.search}. */
export interface SearchOptions {
  /** @default 10 */
  limit?: number;
  filter?: DocumentFilter;
  /** @default 'hybrid' when the store has an embedder, else 'bm25' */
  mode?: SearchMode;
  /** Weights of the two lists in reciprocal-rank fusion. @default { bm25: 1, vector: 1 } */
  weights?: { bm25: number; vector: number };
}

/** What a store can do, for clients and for choosing a search mode. */
export interface StoreCapabilities {
  /** The full-text engine. */
  fullText: 'sqlite-fts5' | 'postgres-tsvector';
  /** How vectors are searched; `none` without an embedder. */
  vector: 'sqlite-vec' | 'pgvector' | 'postgres-real-array' | 'none';
  /** The embedder's id, when there is one. */
  embedder: string | undefined;
}

/** A document and its Markdown, as read back. */
export interface ReadDocument {
  document: StoredDocument;
  markdown: string;
  pages: { number: number; markdown: string }[];
}

/**
 * Where indexed documents and their chunks live, searchable by BM25, by vector and by both. Every implementation
 * passes the shared conformance suite (`describeDocumentStore` in test-support).
 */
export interface DocumentStore {
  readonly capabilities: StoreCapabilities;
  /** Adds or replaces a document (and embeds its chunks); `unchanged` when its SHA-256 and metadata are the stored ones. */
  upsert(index: string, document: DocumentVersion, signal?: AbortSignal): Promise<UpsertOutcome>;
  /** Removes a document; false when it was not there. */
  delete(index: string, id: string): Promise<boolean>;
  /** Removes a whole index; returns how many documents it had. */
  deleteIndex(index: string): Promise<number>;
  list(index: string, filter?: DocumentFilter): Promise<StoredDocument[]>;
  indexes(): Promise<{ name: string; documents: number; chunks: number }[]>;
  /** The document's Markdown and pages, or `undefined`. */
  read(index: string, id: string): Promise<ReadDocument | undefined>;
  search(index: string, query: string, options?: SearchOptions): Promise<SearchHit[]>;
  close(): Promise<void>;
}
