import { groupRows } from './group-fragments.ts';
import { type Fragment, median, type TableRegion, unionOf } from './layout-types.ts';

/** A cell holds at most this many words; longer fragments are prose lines. */
const CELL_WORDS = 8;
/** A cell is narrower than this fraction of the page. */
const CELL_WIDTH = 0.35;
/** Table rows are at most this many font sizes apart (box to box). */
const ROW_GAP = 2;
const MIN_ROWS = 3;
/** A list marker: bullets and numbers make a column of their own, but not a table. */
const MARKER = /^(?:[•◦▪▫●○■□‣⁃*–—-]|\(?\d{1,3}[.)]|\(?[a-z][.)])$/i;

function cellLike(fragment: Fragment, pageWidth: number): boolean {
  return fragment.text.split(/\s+/).length <= CELL_WORDS && fragment.x1 - fragment.x0 < pageWidth * CELL_WIDTH;
}

/** Column intervals: the x-projection of the fragments, merged where they overlap (or nearly touch). */
function columnsOf(rows: readonly Fragment[][]): Array<[number, number]> {
  const spans = rows
    .flat()
    .map((fragment) => [fragment.x0, fragment.x1, fragment.size] as const)
    .sort((a, b) => a[0] - b[0]);
  const columns: Array<[number, number]> = [];
  for (const [x0, x1, size] of spans) {
    const last = columns.at(-1);
    if (last !== undefined && x0 <= last[1] + size * 0.5) last[1] = Math.max(last[1], x1);
    else columns.push([x0, x1]);
  }
  return columns;
}

/** Justified prose in columns looks aligned too: every line of a column has the same, long, width. */
function looksLikeProse(rows: readonly Fragment[][], columns: ReadonlyArray<[number, number]>): boolean {
  let uniform = 0;
  for (const [x0, x1] of columns) {
    const widths = rows.flat().filter((fragment) => fragment.x0 >= x0 - 0.5 && fragment.x1 <= x1 + 0.5);
    const sizes = median(widths.map((fragment) => fragment.size));
    const values = widths.map((fragment) => fragment.x1 - fragment.x0);
    const middle = median(values);
    const spread = values.filter((value) => Math.abs(value - middle) < middle * 0.05).length / Math.max(values.length, 1);
    if (middle > sizes * 12 && spread > 0.6) uniform += 1;
  }
  return uniform >= 2;
}

function toTable(rows: Fragment[][], columns: ReadonlyArray<[number, number]>): TableRegion {
  const cells = rows.map((row) =>
    columns.map(([x0, x1]) =>
      row
        .filter((fragment) => (fragment.x0 + fragment.x1) / 2 >= x0 && (fragment.x0 + fragment.x1) / 2 <= x1)
        .map((fragment) => fragment.text)
        .join(' '),
    ),
  );
  return { ...unionOf(rows.flat()), rows: cells, ruled: false };
}

interface Entry {
  fragments: Fragment[];
  /** A single fragment under a row: a cell's wrapped line, if it fits one column and sits closer than a row. */
  continuation: boolean;
}

const baselineOf = (fragments: readonly Fragment[]) => median(fragments.map((fragment) => fragment.baseline));

/** Rows of the table, wrapped lines merged into their cells; stops at the first single fragment that is not one. */
function tableRows(entries: readonly Entry[], columns: ReadonlyArray<[number, number]>): Fragment[][] {
  const rows = entries.filter((entry) => !entry.continuation);
  const pitches = rows.slice(1).map((row, index) => baselineOf(row.fragments) - baselineOf((rows[index] as Entry).fragments));
  const pitch = median(pitches);
  const result: Fragment[][] = [];
  let previous: Entry | undefined;
  for (const entry of entries) {
    if (!entry.continuation) result.push([...entry.fragments]);
    else {
      const [fragment] = entry.fragments as [Fragment];
      const slack = fragment.size * 0.5;
      const fits = columns.some(([x0, x1]) => fragment.x0 >= x0 - slack && fragment.x1 <= x1 + slack);
      const close = previous !== undefined && baselineOf(entry.fragments) - baselineOf(previous.fragments) < 0.95 * pitch;
      if (!fits || !close) break;
      result.at(-1)?.push(fragment);
    }
    previous = entry;
  }
  return result;
}

/**
 * @internal Tables without ruling lines, from alignment: at least three consecutive rows of two or more short fragments
 * whose x-extents line up into the same columns (a cell's wrapped lines included). Rows of justified prose (two
 * columns of a paper), code and lists (a column of bullets) are not tables. Returns the tables and the fragments
 * outside them.
 */
export function findAlignedTables(
  fragments: readonly Fragment[],
  pageWidth: number,
): { tables: TableRegion[]; rest: Fragment[] } {
  const rows = groupRows(fragments)
    .map((row) => row.filter((fragment) => cellLike(fragment, pageWidth)))
    // Aligned columns in a fixed-pitch font are a code listing's, not a table's.
    .filter((row) => row.length >= 1 && !row.every((fragment) => fragment.mono));
  const groups: Entry[][] = [];
  for (const row of rows) {
    const group = groups.at(-1);
    const previous = group?.at(-1)?.fragments;
    const size = Math.max(...row.map((fragment) => fragment.size));
    if (group !== undefined && previous !== undefined) {
      const top = Math.min(...row.map((fragment) => fragment.y0));
      const gap = top - Math.max(...previous.map((fragment) => fragment.y1));
      const box = unionOf(group.flatMap((entry) => entry.fragments));
      const between = fragments.some(
        (fragment) => fragment.y0 >= box.y1 - 0.5 && fragment.y1 <= top + 0.5 && fragment.x1 > box.x0 && fragment.x0 < box.x1,
      );
      if (gap <= ROW_GAP * size && !between) {
        group.push({ fragments: row, continuation: row.length === 1 });
        continue;
      }
    }
    if (row.length >= 2) groups.push([{ fragments: row, continuation: false }]);
  }
  const tables: TableRegion[] = [];
  const claimed = new Set<Fragment>();
  for (const group of groups) {
    const multi = group.filter((entry) => !entry.continuation).map((entry) => entry.fragments);
    if (multi.length < MIN_ROWS) continue;
    const columns = columnsOf(multi);
    if (columns.length < 2 || looksLikeProse(multi, columns)) continue;
    const firstColumn = multi.map((row) => row.find((fragment) => fragment.x0 <= (columns[0] as [number, number])[1]));
    if (firstColumn.every((fragment) => fragment === undefined || MARKER.test(fragment.text))) continue;
    const table = tableRows(group, columns);
    if (table.length < MIN_ROWS) continue;
    tables.push(toTable(table, columns));
    for (const fragment of table.flat()) claimed.add(fragment);
  }
  return { tables, rest: fragments.filter((fragment) => !claimed.has(fragment)) };
}
