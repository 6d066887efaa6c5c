import { tableToMarkdown } from '../table-to-markdown.ts';
import type { DraftBlock } from './build-blocks.ts';
import type { PageBlock } from './layout-types.ts';

/** A heading's font is at least this much larger than the body text's. */
const HEADING_RATIO = 1.15;
/** Headings are short: at most this many characters and lines. */
const HEADING_CHARS = 200;
const HEADING_LINES = 3;
const BOLD_HEADING_CHARS = 120;

const round = (size: number) => Math.round(size * 2) / 2;

/** The body text's font size: the size that sets the most characters. */
export function bodySize(blocks: readonly DraftBlock[]): number {
  const characters = new Map<number, number>();
  for (const block of blocks) {
    if (block.kind === 'table') continue;
    characters.set(round(block.size), (characters.get(round(block.size)) ?? 0) + block.text.length);
  }
  let best = 0;
  let most = -1;
  for (const [size, count] of characters) {
    if (count > most) [best, most] = [size, count];
  }
  return best;
}

/**
 * @internal Final blocks for every page: short paragraphs set clearly larger than the body text, or bold at about its
 * size, are headings, levelled by rank across the whole document (largest size first, bold before regular at one
 * size; at most level 6).
 */
export function assignHeadings(pages: readonly DraftBlock[][]): PageBlock[][] {
  const body = bodySize(pages.flat());
  const isHeading = (block: DraftBlock) => {
    if (block.kind !== 'paragraph' || block.rotated === true || block.text.length > HEADING_CHARS || block.lines > HEADING_LINES)
      return false;
    if (/(?:\.\s?){4,}/.test(block.text)) return false; // a table-of-contents entry
    if (round(block.size) >= body * HEADING_RATIO) return true;
    // A short bold line at about the body's size that does not end like a sentence.
    const short = block.lines <= 2 && block.text.length <= BOLD_HEADING_CHARS;
    return block.bold && short && round(block.size) >= body * 0.95 && !/[.,;:]$/.test(block.text);
  };
  // Ranks: larger sizes first; at one size, bold before regular.
  const keyOf = (block: DraftBlock) => round(block.size) * 2 + (block.bold ? 1 : 0);
  const ranks = [...new Set(pages.flat().filter(isHeading).map(keyOf))].sort((a, b) => b - a);
  return pages.map((blocks) =>
    blocks.map((block): PageBlock => {
      const bbox: PageBlock['bbox'] = [block.x0, block.y0, block.x1, block.y1].map(
        (value) => Math.round(value * 10) / 10,
      ) as PageBlock['bbox'];
      if (block.table !== undefined) {
        return {
          kind: 'table',
          bbox,
          text: tableToMarkdown(block.table.rows),
          rows: block.table.rows,
          ruled: block.table.ruled,
          fontSize: 0,
        };
      }
      if (isHeading(block)) {
        return {
          kind: 'heading',
          bbox,
          text: block.text,
          level: Math.min(ranks.indexOf(keyOf(block)) + 1, 6),
          fontSize: block.size,
        };
      }
      return { kind: block.kind, bbox, text: block.text, fontSize: block.size };
    }),
  );
}
