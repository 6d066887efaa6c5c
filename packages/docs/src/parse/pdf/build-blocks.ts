import { groupRows, mostly } from './group-fragments.ts';
import { continues, joinLines } from './join-lines.ts';
import type { Box, Fragment, TableRegion } from './layout-types.ts';

/** @internal An item placed in reading order: a fragment of text, or a whole table. */
export interface LayoutItem extends Box {
  size: number;
  fragment?: Fragment;
  table?: TableRegion;
}

/** @internal A block before headings are known: paragraphs and list items carry their font size. */
export interface DraftBlock extends Box {
  kind: 'paragraph' | 'list-item' | 'table' | 'code';
  text: string;
  size: number;
  lines: number;
  /** Every line is bold. */
  bold: boolean;
  /** Rotated text, set apart (never a heading). */
  rotated?: boolean;
  table?: TableRegion;
  /** Code: each line's pieces with where they start, to rebuild the indentation. */
  code?: Array<Array<{ x0: number; text: string; width: number }>>;
}

interface Line extends Box {
  text: string;
  size: number;
  mono: boolean;
  bold: boolean;
  fragments: Fragment[];
}

/** A list item starts with a bullet or a number and a space. */
const LIST_MARKER = /^(?:[•◦▪▫●○■□‣⁃*–-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+/i;
/** A table-of-contents entry ends in dot leaders and a page number: each is a line of its own. */
const DOT_LEADER = /(?:\.\s?){4,}\s*[\divxlc]+$/i;
/** A vertical gap of more than this many font sizes between lines starts a new paragraph. */
const PARAGRAPH_GAP = 0.5;

function lineOf(fragments: Fragment[]): Line {
  const main = fragments.reduce((best, fragment) => (fragment.text.length > best.text.length ? fragment : best));
  return {
    text: fragments.map((fragment) => fragment.text).join(' '),
    size: main.size,
    mono: fragments.every((fragment) => fragment.mono),
    bold: mostly(fragments, (fragment) => fragment.bold),
    fragments,
    x0: Math.min(...fragments.map((fragment) => fragment.x0)),
    x1: Math.max(...fragments.map((fragment) => fragment.x1)),
    y0: Math.min(...fragments.map((fragment) => fragment.y0)),
    y1: Math.max(...fragments.map((fragment) => fragment.y1)),
  };
}

function startsBlock(block: DraftBlock, line: Line, previous: Line): boolean {
  if (block.kind === 'table' || line.mono !== (block.kind === 'code')) return true;
  if (block.kind === 'code') return line.y0 < previous.y0 || line.y0 - previous.y1 > 2 * line.size;
  if (Math.abs(line.size - block.size) > Math.max(0.5, block.size * 0.08)) return true;
  // A bold line set apart from regular text: a heading at the body's size.
  if (line.bold !== block.bold) return true;
  if (LIST_MARKER.test(line.text) || DOT_LEADER.test(previous.text)) return true;
  const size = Math.max(line.size, previous.size);
  const wentUp = line.y0 < previous.y0;
  const gap = line.y0 - previous.y1;
  if (wentUp || gap > PARAGRAPH_GAP * size || line.x0 > block.x1 || line.x1 < block.x0) return !continues(block.text, line.text);
  if (block.kind === 'list-item') return line.x0 < block.x0 + size * 0.5 && !continues(block.text, line.text);
  // No extra space between paragraphs: a short last line, then an indented first line.
  const shortLast = previous.x1 < block.x1 - 3 * size;
  const indented = line.x0 > block.x0 + 0.8 * size;
  return shortLast && indented;
}

/**
 * @internal Turns the leaves of the reading order into blocks: fragments on one row of a leaf are a line; lines
 * become paragraphs, broken at wider gaps, font-size changes, list markers and column changes, except where the
 * text plainly runs on (no sentence end, a lower-case start), so a paragraph split across columns is whole again.
 */
export function buildBlocks(leaves: readonly LayoutItem[][]): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  let previous: Line | undefined;
  for (const leaf of leaves) {
    for (const row of groupRows(leaf)) {
      const table = row.find((item) => item.table !== undefined)?.table;
      if (table !== undefined) {
        blocks.push({ kind: 'table', text: '', size: 0, lines: table.rows.length, bold: false, table, ...boxOf(table) });
        previous = undefined;
        continue;
      }
      const fragments = row.flatMap((item) => (item.fragment === undefined ? [] : [item.fragment]));
      if (fragments.length === 0) continue;
      const line = lineOf(fragments);
      const block = blocks.at(-1);
      const pieces = line.fragments
        .filter((fragment) => fragment.text !== '')
        .map((fragment) => ({ x0: fragment.x0, text: fragment.text, width: fragment.x1 - fragment.x0 }));
      if (block === undefined || previous === undefined || startsBlock(block, line, previous)) {
        blocks.push({
          kind: line.mono ? 'code' : LIST_MARKER.test(line.text) ? 'list-item' : 'paragraph',
          ...(line.mono ? { code: [pieces] } : {}),
          text: line.text,
          size: line.size,
          lines: 1,
          bold: line.bold,
          ...boxOf(line),
        });
      } else {
        if (block.code !== undefined) block.code.push(pieces);
        else block.text = joinLines(block.text, line.text);
        block.lines += 1;
        Object.assign(block, {
          x0: Math.min(block.x0, line.x0),
          x1: Math.max(block.x1, line.x1),
          y1: Math.max(block.y1, line.y1),
        });
      }
      previous = line;
    }
  }
  for (const block of blocks) if (block.code !== undefined) block.text = codeText(block.code);
  return blocks;
}

function boxOf(box: Box): Box {
  return { x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1 };
}

/** Code lines with their indentation: each piece placed at its column, a column being one fixed-pitch character. */
function codeText(lines: NonNullable<DraftBlock['code']>): string {
  const pieces = lines.flat();
  const widest = pieces.reduce((best, piece) => (piece.text.length > best.text.length ? piece : best));
  const charWidth = widest.width / Math.max(widest.text.length, 1) || 6;
  const left = Math.min(...pieces.map((piece) => piece.x0));
  return lines
    .map((line) => {
      let text = '';
      for (const piece of line) {
        const column = Math.round((piece.x0 - left) / charWidth);
        text += ' '.repeat(Math.max(column - text.length, text === '' ? 0 : 1)) + piece.text;
      }
      return text.trimEnd();
    })
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}
