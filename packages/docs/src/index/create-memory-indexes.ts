import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type BinaryVectorIndex, createBinaryVectorIndex } from './binary-vector-index.ts';
import { type ChunkDirectory, createChunkDirectory } from './create-chunk-directory.ts';
import { createFts5Tokenizer, type Fts5Tokenizer } from './create-fts5-tokenizer.ts';
import { loadTextIndexSnapshot } from './load-text-index-snapshot.ts';
import { createMemoryTextIndex, type MemoryTextIndex } from './memory-text-index.ts';

/** @internal A chunk as the store writes or removes it. */
export interface ChunkChange {
  index: string;
  documentId: string;
  rowid: number;
  text: string;
  heading: string;
  scope: string;
  /** Its embedding, when added by a store with an embedder. */
  vector?: Float32Array;
}

/** @internal The SQLite store's in-memory indexes; see {@link createMemoryIndexes}. */
export interface MemoryIndexes {
  /** Drops everything built when another connection has written the file since (`PRAGMA data_version` moved). */
  refresh(): void;
  /** The BM25 index over every chunk of the file, built on first use. */
  text(): { index: MemoryTextIndex; tokenizer: Fts5Tokenizer; group(index: string): number };
  /** The text index when built, without building it. */
  builtText(): MemoryTextIndex | undefined;
  /** One search index's vectors, built on first use. */
  vectors(index: string): BinaryVectorIndex;
  /** Which chunks each document has, built on first use. */
  directory(): ChunkDirectory;
  /** Records a change of the open transaction; it reaches the built indexes at {@link MemoryIndexes.commit}. */
  removed(change: ChunkChange): void;
  added(change: ChunkChange): void;
  commit(): void;
  /** Forgets the open transaction's changes: the indexes never saw them. */
  rollback(): void;
}

/** @internal Options for {@link createMemoryIndexes}. */
export interface MemoryIndexesOptions {
  database: DatabaseSync;
  /** The chunks table's FTS5 tokenizer, for tokenizing new chunks and queries the same way. */
  tokenize: string;
  /** Reads one index's vectors from the file (a store with an embedder). */
  vectorsOf?: StatementSync;
  dimensions?: number;
}

/**
 * @internal The in-memory structures of the SQLite store — BM25 postings, quantized vectors, chunk rowids per
 * document — each built lazily from the file and then kept current by this store's own writes. Changes wait for
 * their transaction's COMMIT (a rollback leaves the indexes as the file is), and everything is dropped when
 * another connection writes the file, to be rebuilt from it on next use.
 */
export function createMemoryIndexes(options: MemoryIndexesOptions): MemoryIndexes {
  const { database } = options;
  const dataVersion = database.prepare('PRAGMA data_version');
  let seenDataVersion: number | undefined;
  let text: ReturnType<MemoryIndexes['text']> | undefined;
  const vectorIndexes = new Map<string, BinaryVectorIndex>();
  let directory: ChunkDirectory | undefined;
  let tokenizer: Fts5Tokenizer | undefined;
  const groups = new Map<string, number>();
  const groupOf = (index: string) => {
    let group = groups.get(index);
    if (group === undefined) {
      group = groups.size;
      groups.set(index, group);
    }
    return group;
  };
  let pending: (() => void)[] = [];
  const tokenizerOf = () => {
    tokenizer ??= createFts5Tokenizer(database, options.tokenize);
    return tokenizer;
  };
  const drop = () => {
    text = undefined;
    vectorIndexes.clear();
    directory = undefined;
  };
  const indexes: MemoryIndexes = {
    refresh() {
      const version = Number((dataVersion.get() as { data_version: number }).data_version);
      if (version !== seenDataVersion) drop();
      seenDataVersion = version;
    },
    text() {
      if (text === undefined) {
        const index = createMemoryTextIndex(loadTextIndexSnapshot(database, groupOf));
        text = { index, tokenizer: tokenizerOf(), group: groupOf };
      }
      return text;
    },
    builtText: () => text?.index,
    vectors(index) {
      let found = vectorIndexes.get(index);
      if (found === undefined) {
        const rows = (options.vectorsOf as StatementSync).all(index) as { rowid: number; embedding: Uint8Array }[];
        found = createBinaryVectorIndex({
          dimensions: options.dimensions as number,
          entries: rows.map((row) => ({ rowid: Number(row.rowid), vector: toFloats(row.embedding) })),
        });
        vectorIndexes.set(index, found);
      }
      return found;
    },
    directory() {
      directory ??= createChunkDirectory(database);
      return directory;
    },
    removed(change) {
      // Tokenized now, while the transaction runs; applied to whichever index is built when it commits.
      const tokens = text === undefined ? undefined : tokenizerOf().row(change.text, change.heading, change.scope);
      pending.push(() => {
        if (tokens !== undefined) text?.index.remove(change.rowid, tokens.terms, tokens.length);
        vectorIndexes.get(change.index)?.remove(change.rowid);
        directory?.removeDocument(change.index, change.documentId);
      });
    },
    added(change) {
      const tokens = text === undefined ? undefined : tokenizerOf().row(change.text, change.heading, change.scope);
      const group = groupOf(change.index);
      pending.push(() => {
        if (tokens !== undefined) text?.index.add({ rowid: change.rowid, group, ...tokens });
        if (change.vector !== undefined) vectorIndexes.get(change.index)?.add(change.rowid, change.vector);
        directory?.add(change.index, change.documentId, change.rowid);
      });
    },
    commit() {
      const applying = pending;
      pending = [];
      try {
        for (const apply of applying) apply();
      } catch (error) {
        // Half-applied changes would leave an index unlike the file: drop them all, to be rebuilt from it.
        drop();
        throw error;
      }
    },
    rollback() {
      pending = [];
    },
  };
  return indexes;
}

/** A vec0 float blob as a Float32Array (copied: the blob's bytes need not be 4-byte aligned). */
function toFloats(blob: Uint8Array): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
