import { type Chunk, type ChunkOptions, chunkSection } from './chunk-markdown.ts';

/**
 * Chunks a paged document: each page is chunked along its structure, chunks never span pages (so every chunk has one
 * page to cite), the heading path carries over page breaks (a section that continues on the next page keeps its
 * name), and ordinals run through the whole document.
 *
 * @example
 * ```ts
 * chunkPages([{ number: 1, markdown: '# Intro\n\nText.' }, { number: 2, markdown: 'More.' }])
 * // [{ ordinal: 0, page: 1, heading: 'Intro', … }, { ordinal: 1, page: 2, heading: 'Intro', text: 'More.' }]
 * ```
 */
export function chunkPages(pages: readonly { number: number; markdown: string }[], options: ChunkOptions = {}): Chunk[] {
  const chunks: Chunk[] = [];
  const headings: string[] = [];
  for (const page of pages) {
    const result = chunkSection(page.markdown, page.number, options.maxChars ?? 1200, headings);
    for (const chunk of result) chunks.push({ ...chunk, ordinal: chunks.length });
  }
  return chunks;
}
