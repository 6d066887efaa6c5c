import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { chunkPages } from '../index/chunk-pages.ts';
import type { DocumentStore, MetadataValue } from '../index/document-store.ts';
import { mediaTypeOf, parseDocument } from '../parse/parse-document.ts';
import { resolveInRoots } from './resolve-in-roots.ts';

/** Options for {@link indexDirectory}. */
export interface IndexDirectoryOptions {
  /** The index to fill (documents are keyed by their path relative to `directory`). */
  index: string;
  /** Folders that may be read; `directory` must be inside one of them. */
  roots: readonly string[];
  /** Glob patterns of files to take (relative paths). @default every supported file */
  include?: string[];
  /** Glob patterns of files to leave out. */
  exclude?: string[];
  /** Metadata given to every document of this pass (filter on it in search). A change re-indexes the documents. */
  metadata?: Record<string, MetadataValue>;
  /** The password of encrypted PDFs among the files (others ignore it); never reported. */
  password?: string;
  /** Target chunk size in characters. @default 1200 */
  maxChunkChars?: number;
  /** Called after each file with how far the indexing is. */
  onProgress?: (done: number, total: number, file: string) => void;
  signal?: AbortSignal;
}

/** What an indexing pass did. */
export interface IndexReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: { file: string; error: string }[];
}

/**
 * Indexes every supported file under `directory` into `index`: parsed, chunked along its structure and stored.
 * Incremental: unchanged files (same SHA-256) are skipped, and documents whose files are gone are removed. Symbolic
 * links are not followed out of the roots; a file that cannot be parsed is reported, not fatal.
 */
export async function indexDirectory(
  store: DocumentStore,
  directory: string,
  options: IndexDirectoryOptions,
): Promise<IndexReport> {
  const base = await resolveInRoots(options.roots, directory);
  const include = options.include === undefined ? () => true : picomatch(options.include);
  const exclude = options.exclude === undefined ? () => false : picomatch(options.exclude);
  const files = (await listFiles(base.path)).filter((file) => {
    const name = relative(base.path, file).split(sep).join('/');
    return mediaTypeOf(file) !== undefined && include(name) && !exclude(name);
  });
  const report: IndexReport = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [] };
  const seen = new Set<string>();
  for (const [done, file] of files.entries()) {
    options.signal?.throwIfAborted();
    const id = relative(base.path, file).split(sep).join('/');
    seen.add(id);
    try {
      const confined = await resolveInRoots(options.roots, file);
      const parsed = await parseDocument(
        { bytes: await readFile(confined.path), name: file },
        options.password === undefined ? {} : { password: options.password },
      );
      const pages = parsed.pages.map((page) => ({ number: page.number, markdown: page.markdown }));
      const chunks = chunkPages(pages, { maxChars: options.maxChunkChars ?? 1200 });
      const outcome = await store.upsert(
        options.index,
        {
          id,
          title: parsed.title,
          mediaType: parsed.mediaType,
          sha256: parsed.sha256,
          bytes: parsed.bytes,
          markdown: parsed.markdown,
          pages,
          chunks,
          ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
        },
        options.signal,
      );
      report[outcome] += 1;
    } catch (error) {
      report.failed.push({ file: id, error: error instanceof Error ? error.message : String(error) });
    }
    options.onProgress?.(done + 1, files.length, id);
  }
  for (const document of await store.list(options.index)) {
    if (!seen.has(document.id) && (await store.delete(options.index, document.id))) report.removed += 1;
  }
  return report;
}

/** Every regular file below `directory`; symbolic links are resolved later, against the roots. */
async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
