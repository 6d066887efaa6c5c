import { centreOf, type Ruling, type TableRegion, type TextRun, unionOf } from './layout-types.ts';

/** How far (points) a ruling may fall short of another and still meet it. */
const REACH = 3;

function meets(horizontal: Ruling, vertical: Ruling): boolean {
  return (
    vertical.position >= horizontal.from - REACH &&
    vertical.position <= horizontal.to + REACH &&
    horizontal.position >= vertical.from - REACH &&
    horizontal.position <= vertical.to + REACH
  );
}

/** Rulings that touch, transitively: each group is one grid (or one box, or a lone line). */
function connectedGrids(rulings: readonly Ruling[]): Ruling[][] {
  const parent = rulings.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index] as number] as number;
    return index;
  };
  for (let i = 0; i < rulings.length; i++) {
    for (let j = i + 1; j < rulings.length; j++) {
      const [a, b] = [rulings[i] as Ruling, rulings[j] as Ruling];
      if (a.orientation === b.orientation) continue;
      if (a.orientation === 'horizontal' ? meets(a, b) : meets(b, a)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Ruling[]>();
  for (const [index, ruling] of rulings.entries()) {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), ruling]);
  }
  return [...groups.values()];
}

/** Distinct positions, merging those within 2 points. */
function boundaries(positions: number[]): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  const result: number[] = [];
  for (const position of sorted) if (result.length === 0 || position - (result.at(-1) as number) > 2) result.push(position);
  return result;
}

function intervalIndex(edges: readonly number[], value: number): number {
  for (let index = 0; index < edges.length - 1; index++) if (value <= (edges[index + 1] as number)) return index;
  return edges.length - 2;
}

/** The text of the runs of one cell: top to bottom, left to right. */
function cellText(runs: TextRun[]): string {
  runs.sort((a, b) => (Math.abs(a.baseline - b.baseline) < a.size * 0.4 ? a.x0 - b.x0 : a.baseline - b.baseline));
  return runs
    .map((run) => run.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

/**
 * @internal Tables drawn with ruling lines: each connected grid of at least 2×2 cells that holds text becomes a table;
 * each run goes to the cell its centre falls in (so cells drawn in any order read row by row). Rows and columns left
 * empty (double borders) are dropped. Returns the tables and the runs outside them.
 */
export function findRuledTables(
  rulings: readonly Ruling[],
  runs: readonly TextRun[],
): { tables: TableRegion[]; rest: TextRun[] } {
  const tables: TableRegion[] = [];
  let rest = [...runs];
  for (const grid of connectedGrids(rulings)) {
    const rows = boundaries(grid.filter((ruling) => ruling.orientation === 'horizontal').map((ruling) => ruling.position));
    const columns = boundaries(grid.filter((ruling) => ruling.orientation === 'vertical').map((ruling) => ruling.position));
    if (rows.length < 3 || columns.length < 3) continue;
    const box = { x0: columns[0] as number, x1: columns.at(-1) as number, y0: rows[0] as number, y1: rows.at(-1) as number };
    const inside = (run: TextRun) => {
      const centre = centreOf(run);
      return centre.x > box.x0 && centre.x < box.x1 && centre.y > box.y0 && centre.y < box.y1;
    };
    const mine = rest.filter(inside);
    if (mine.length === 0) continue;
    const cells = Array.from({ length: rows.length - 1 }, () =>
      Array.from({ length: columns.length - 1 }, () => [] as TextRun[]),
    );
    for (const run of mine) {
      const centre = centreOf(run);
      cells[intervalIndex(rows, centre.y)]?.[intervalIndex(columns, centre.x)]?.push(run);
    }
    const texts = cells.map((row) => row.map(cellText));
    const keptColumns = (texts[0] ?? []).map((_, column) => column).filter((column) => texts.some((row) => row[column] !== ''));
    const keptRows = texts
      .filter((row) => row.some((cell) => cell !== ''))
      .map((row) => keptColumns.map((column) => row[column] ?? ''));
    if (keptRows.length < 1 || keptColumns.length < 1 || keptRows.length * keptColumns.length < 2) continue;
    tables.push({ ...unionOf([box, ...mine]), rows: keptRows, ruled: true });
    rest = rest.filter((run) => !inside(run));
  }
  return { tables, rest };
}
