import type { DocumentStore } from '../index/document-store.ts';

/**
 * @internal Literal, case-insensitive line search over an index's documents. Literal on purpose: a regular
 * expression from a client could take exponential time (ReDoS) and block the server.
 */
export async function grepDocuments(
  store: DocumentStore,
  index: string,
  text: string,
  options: { limit: number; pathPrefix?: string },
): Promise<{ matches: { id: string; line: number; text: string }[]; truncated: boolean }> {
  const needle = text.toLowerCase();
  const matches: { id: string; line: number; text: string }[] = [];
  const documents = await store.list(index, options.pathPrefix === undefined ? {} : { idPrefix: options.pathPrefix });
  for (const document of documents) {
    const found = await store.read(index, document.id);
    const lines = found?.markdown.split('\n') ?? [];
    for (const [number, line] of lines.entries()) {
      if (!line.toLowerCase().includes(needle)) continue;
      if (matches.length === options.limit) return { matches, truncated: true };
      matches.push({ id: document.id, line: number + 1, text: line.length > 500 ? `${line.slice(0, 500)}…` : line });
    }
  }
  return { matches, truncated: false };
}
