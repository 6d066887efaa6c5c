import { type Box, median, unionOf } from './layout-types.ts';

/** A gutter is at least this many font sizes wide. */
const GUTTER = 0.8;
/** Each side of a gutter is at least this many font sizes wide (a column of bullets is not a column of text). */
const MIN_COLUMN = 3;

/** @internal Something the reading-order pass places: a text fragment or a whole table. */
export interface Placeable extends Box {
  size: number;
}

function sharesRow(a: Box, b: Box): boolean {
  const overlap = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return overlap > 0.3 * Math.min(a.y1 - a.y0, b.y1 - b.y0);
}

/** Splits at every vertical gutter that runs through the whole region, left to right; `undefined` when there is none. */
function splitColumns<T extends Placeable>(items: readonly T[], size: number): T[][] | undefined {
  const sorted = [...items].sort((a, b) => a.x0 - b.x0);
  const parts: T[][] = [];
  let current: T[] = [];
  let right = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    if (current.length > 0 && item.x0 - right >= GUTTER * size) {
      parts.push(current);
      current = [];
    }
    current.push(item);
    right = Math.max(right, item.x1);
  }
  parts.push(current);
  if (parts.length < 2) return undefined;
  const region = unionOf(items);
  if (region.y1 - region.y0 <= size * 2) return parts;
  // A too-narrow part (a column of bullets or numbers) is read with the part to its right, not apart from it.
  const merged: T[][] = [];
  let pending: T[] = [];
  for (const part of parts) {
    const box = unionOf(part);
    if (box.x1 - box.x0 < MIN_COLUMN * size) pending.push(...part);
    else {
      merged.push([...pending, ...part]);
      pending = [];
    }
  }
  if (pending.length > 0) {
    const last = merged.at(-1);
    if (last === undefined) merged.push(pending);
    else last.push(...pending);
  }
  return merged.length >= 2 ? merged : undefined;
}

/** Splits at the widest horizontal gap; `undefined` when the items overlap all the way down. */
function splitAtWidestGap<T extends Placeable>(items: readonly T[]): [T[], T[]] | undefined {
  const sorted = [...items].sort((a, b) => a.y0 - b.y0);
  let bottom = Number.NEGATIVE_INFINITY;
  let best = 0;
  let at = -1;
  for (const [index, item] of sorted.entries()) {
    if (index > 0 && item.y0 - bottom > best) {
      best = item.y0 - bottom;
      at = index;
    }
    bottom = Math.max(bottom, item.y1);
  }
  return at < 0 ? undefined : [sorted.slice(0, at), sorted.slice(at)];
}

/**
 * @internal Reading order by recursive XY-cut: a region is split at the gutters that run through all of it (columns,
 * read left to right); failing that, at its widest horizontal gap (a full-width title or figure between bands of
 * columns), top to bottom. A region whose items all sit on rows of their own is one column: a leaf. Returns the
 * leaves in reading order.
 */
export function orderReading<T extends Placeable>(items: readonly T[]): T[][] {
  if (items.length === 0) return [];
  const leaves: T[][] = [];
  const visit = (region: readonly T[]) => {
    if (region.length === 1) {
      leaves.push([...region]);
      return;
    }
    const size = median(region.map((item) => item.size)) || 10;
    const first = region[0] as T;
    if (region.every((item) => sharesRow(first, item))) {
      // One row (a justified line broken into pieces, a row of cells): read it left to right.
      leaves.push([...region].sort((a, b) => a.x0 - b.x0));
      return;
    }
    const columns = splitColumns(region, size);
    if (columns !== undefined) {
      for (const column of columns) visit(column);
      return;
    }
    const byTop = [...region].sort((a, b) => a.y0 - b.y0);
    const stacked = byTop.every((item, index) => index === 0 || !sharesRow(byTop[index - 1] as T, item));
    if (stacked) {
      leaves.push(byTop);
      return;
    }
    const halves = splitAtWidestGap(region);
    if (halves === undefined) {
      leaves.push(byTop);
      return;
    }
    visit(halves[0]);
    visit(halves[1]);
  };
  visit(items);
  return leaves;
}
