/** A document's page as stored: its Markdown inline (earlier versions), or as pieces of the document's Markdown. */
type StoredPage =
  | { number: number; markdown: string }
  | {
      number: number;
      /** Joined with blank lines: `[start, end)` ranges of the document's Markdown, or text of the page's own. */
      parts: (string | [number, number])[];
    };

/**
 * @internal The pages JSON of `document_bodies`, without repeating the document's Markdown: each page's blocks
 * (split at blank lines) become ranges of the document Markdown where they appear in it, in order, and stay inline
 * where they do not (a PDF paragraph joined across a page break, say). {@link fromStoredPages} gives them back exactly.
 */
export function toStoredPages(markdown: string, pages: readonly { number: number; markdown: string }[]): string {
  let cursor = 0;
  const stored = pages.map((page): StoredPage => {
    const parts: (string | [number, number])[] = [];
    for (const block of page.markdown.split('\n\n')) {
      const last = parts.at(-1);
      // Extends the last range when the block follows it in the document, blank line between.
      if (Array.isArray(last) && block !== '' && markdown.startsWith(`\n\n${block}`, last[1])) {
        last[1] += 2 + block.length;
        cursor = last[1];
        continue;
      }
      const start = block === '' ? -1 : markdown.indexOf(block, cursor);
      if (start < 0) parts.push(block);
      else {
        parts.push([start, start + block.length]);
        cursor = start + block.length;
      }
    }
    return { number: page.number, parts };
  });
  return JSON.stringify(stored);
}

/** @internal The pages of {@link toStoredPages} (or of earlier versions, Markdown inline) as written. */
export function fromStoredPages(markdown: string, json: string): { number: number; markdown: string }[] {
  const stored = JSON.parse(json) as StoredPage[];
  return stored.map((page) =>
    'markdown' in page
      ? { number: page.number, markdown: page.markdown }
      : {
          number: page.number,
          markdown: page.parts.map((part) => (typeof part === 'string' ? part : markdown.slice(part[0], part[1]))).join('\n\n'),
        },
  );
}
