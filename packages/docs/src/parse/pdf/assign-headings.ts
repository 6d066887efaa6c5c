import { tableToMarkdown } from '../table-to-markdown.ts';
import type { DraftBlock } from './build-blocks.ts';
import type { PageBlock } from './layout-types.ts';

/** A heading's font is at least this much larger than the body text's. */
const HEADING_RATIO = 1.15;
/** Headings are short: at most this many characters and lines. */
const HEADING_CHARS = 200;
const HEADING_LINES = 3;

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
 * @internal Final blocks for every page: short paragraphs set clearly larger than the body text are headings, levelled
 * by font-size rank across the whole document (the largest size is level 1, at most level 6).
 */
export function assignHeadings(pages: readonly DraftBlock[][]): PageBlock[][] {
  const body = bodySize(pages.flat());
  const isHeading = (block: DraftBlock) =>
    block.kind === 'paragraph' &&
    round(block.size) >= body * HEADING_RATIO &&
    block.text.length <= HEADING_CHARS &&
    block.lines <= HEADING_LINES;
  const sizes = [
    ...new Set(
      pages
        .flat()
        .filter(isHeading)
        .map((block) => round(block.size)),
    ),
  ].sort((a, b) => b - a);
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
          level: Math.min(sizes.indexOf(round(block.size)) + 1, 6),
          fontSize: block.size,
        };
      }
      return { kind: block.kind === 'list-item' ? 'list-item' : 'paragraph', bbox, text: block.text, fontSize: block.size };
    }),
  );
}
