import type { Box, Fragment, TextRun } from './layout-types.ts';

/** Runs further apart than this many font sizes are separate fragments (columns, table cells). */
const FRAGMENT_GAP = 1;
/** A gap wider than this many font sizes between two runs is a space. */
const SPACE_GAP = 0.15;
const SPACE_FIRST = /^\s/;
const SPACE_LAST = /\s$/;

function verticalOverlap(a: Box, b: Box): number {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap / Math.max(Math.min(a.y1 - a.y0, b.y1 - b.y0), 0.01);
}

/** @internal Runs grouped into rows: runs whose boxes overlap vertically by more than half (superscripts included). */
export function groupRows<T extends Box>(items: readonly T[]): T[][] {
  const sorted = [...items].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const rows: Array<{ box: Box; items: T[] }> = [];
  for (const item of sorted) {
    let target: { box: Box; items: T[] } | undefined;
    for (let index = rows.length - 1; index >= 0 && index >= rows.length - 4; index--) {
      const row = rows[index] as { box: Box; items: T[] };
      if (verticalOverlap(row.box, item) > 0.5) {
        target = row;
        break;
      }
    }
    if (target === undefined) rows.push({ box: { ...item }, items: [item] });
    else {
      target.items.push(item);
      target.box = {
        x0: Math.min(target.box.x0, item.x0),
        x1: Math.max(target.box.x1, item.x1),
        y0: Math.min(target.box.y0, item.y0),
        y1: Math.max(target.box.y1, item.y1),
      };
    }
  }
  return rows.map((row) => row.items.sort((a, b) => a.x0 - b.x0));
}

/** @internal Whether most of the characters of `items` have a trait (a bold heading with a code word is bold). */
export function mostly<T extends { text: string }>(items: readonly T[], trait: (item: T) => boolean): boolean {
  let yes = 0;
  let all = 0;
  for (const item of items) {
    all += item.text.length;
    if (trait(item)) yes += item.text.length;
  }
  return yes * 2 > all;
}

/** Ends a Markdown link; a space that ended its text moves after it. */
function closeLink(text: string, url: string): string {
  const trimmed = text.trimEnd();
  return `${trimmed}](${url})${trimmed.length < text.length ? ' ' : ''}`;
}

/** @internal Joins texts left to right, adding a space where the gap between them is wide enough to be one. */
export function joinRuns(runs: readonly TextRun[]): string {
  let text = '';
  // Whether `text` ends in whitespace, tracked rather than tested: testing the end of a string being built flattens it.
  let endsInSpace = false;
  let previous: TextRun | undefined;
  for (const run of runs) {
    if (previous !== undefined) {
      if (previous.link !== undefined && previous.link !== run.link) {
        text = closeLink(text, previous.link);
        endsInSpace = text.endsWith(' ');
      }
      const gap = run.x0 - previous.x1;
      const spaced = endsInSpace || SPACE_FIRST.test(run.text);
      if (!spaced && gap > SPACE_GAP * Math.min(previous.size, run.size)) {
        text += ' ';
        endsInSpace = true;
      }
    }
    // A run inside a link annotation opens (or continues) a Markdown link.
    if (run.link !== undefined && run.link !== previous?.link) {
      text += '[';
      endsInSpace = false;
    }
    const piece = run.link === undefined ? run.text : run.text.replace(/[[\]]/g, '\\$&');
    text += piece;
    if (piece !== '') endsInSpace = SPACE_LAST.test(piece);
    previous = run;
  }
  if (previous?.link !== undefined) text = closeLink(text, previous.link);
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * @internal Runs on one row that sit close together become one fragment: a piece of a line of one column, or one table
 * cell. The gap that separates fragments is a font size wide — wider than word spacing, narrower than a gutter.
 */
export function groupFragments(runs: readonly TextRun[]): Fragment[] {
  const fragments: Fragment[] = [];
  for (const row of groupRows(runs)) {
    let current: TextRun[] = [];
    // The right edge of the fragment being built: a run starting far enough past it starts the next one.
    let right = Number.NEGATIVE_INFINITY;
    const flush = () => {
      if (current.length === 0) return;
      let main = current[0] as TextRun;
      const box = { x0: main.x0, x1: main.x1, y0: main.y0, y1: main.y1 };
      for (const run of current) {
        if (run.text.length * run.size > main.text.length * main.size) main = run;
        box.x0 = Math.min(box.x0, run.x0);
        box.x1 = Math.max(box.x1, run.x1);
        box.y0 = Math.min(box.y0, run.y0);
        box.y1 = Math.max(box.y1, run.y1);
      }
      fragments.push({
        text: joinRuns(current),
        size: main.size,
        baseline: main.baseline,
        runs: current,
        mono: current.every((run) => run.mono),
        bold: mostly(current, (run) => run.bold),
        ...box,
      });
      current = [];
      right = Number.NEGATIVE_INFINITY;
    };
    for (const run of row) {
      const last = current.at(-1);
      if (last !== undefined && run.x0 - right > FRAGMENT_GAP * Math.max(last.size, run.size)) flush();
      current.push(run);
      right = Math.max(right, run.x1);
    }
    flush();
  }
  return fragments;
}
