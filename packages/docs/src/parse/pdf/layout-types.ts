/** A rectangle in page space: PDF points, origin at the top-left corner, y growing downwards. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** @internal One run of text as pdf.js draws it, in page space. */
export interface TextRun extends Box {
  text: string;
  /** Font size in points (the glyphs' vertical scale). */
  size: number;
  /** The baseline's y. */
  baseline: number;
  font: string;
  /** Set in a fixed-pitch font (code). */
  mono: boolean;
  /** Set in a bold font. */
  bold: boolean;
  /** Not horizontal (a margin stamp, a rotated label): kept out of the line-based layout. */
  rotated: boolean;
  /** The URL of the link annotation the run sits in. */
  link?: string;
}

/** @internal Runs on one baseline close enough to be one piece of a line (a line of a column, or a table cell). */
export interface Fragment extends Box {
  text: string;
  size: number;
  baseline: number;
  runs: TextRun[];
  mono: boolean;
  bold: boolean;
}

/** @internal A horizontal or vertical ruling line drawn on the page. */
export interface Ruling {
  orientation: 'horizontal' | 'vertical';
  /** y of a horizontal line, x of a vertical one. */
  position: number;
  from: number;
  to: number;
}

/** @internal A table found on a page: its box and its cells' text, row by row. */
export interface TableRegion extends Box {
  rows: string[][];
  ruled: boolean;
}

/** What a block of a PDF page is. */
export type PageBlockKind = 'heading' | 'paragraph' | 'list-item' | 'table' | 'code';

/** One block of a page, in reading order, with where it is on the page. */
export interface PageBlock {
  kind: PageBlockKind;
  /** `[x0, y0, x1, y1]` in PDF points from the page's top-left corner. */
  bbox: [number, number, number, number];
  /** The block's text; for a table, its Markdown; for code, its lines (indentation kept). */
  text: string;
  /** For headings: 1 is the largest font size. */
  level?: number;
  /** For tables: the cells, row by row (the first row is the header). */
  rows?: string[][];
  /** For tables: whether the table was found from its drawn ruling lines or from the alignment of its columns. */
  ruled?: boolean;
  /** The block's dominant font size in points (0 for tables). */
  fontSize: number;
}

/** @internal A box's centre. */
export function centreOf(box: Box): { x: number; y: number } {
  return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 };
}

/** @internal The smallest box around `boxes`. */
export function unionOf(boxes: readonly Box[]): Box {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const box of boxes) {
    x0 = Math.min(x0, box.x0);
    y0 = Math.min(y0, box.y0);
    x1 = Math.max(x1, box.x1);
    y1 = Math.max(y1, box.y1);
  }
  return { x0, y0, x1, y1 };
}

/** @internal The median of `values` (0 when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
