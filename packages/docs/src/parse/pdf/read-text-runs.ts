import type { TextRun } from './layout-types.ts';

/** @internal The part of a pdf.js `TextItem` the layout pass reads. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/**
 * @internal pdf.js text items as runs in page space (top-left origin). `viewportTransform` is the page's viewport
 * transform at scale 1, which flips y and applies the page's rotation and crop box. Whitespace-only items carry no
 * text of their own (gaps between runs are measured instead), so they are dropped.
 */
export function readTextRuns(items: readonly PdfTextItem[], viewportTransform: readonly number[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const matrix = multiply(viewportTransform, item.transform);
    const size = Math.hypot(matrix[2], matrix[3]) || item.height || 1;
    // `width` is in unscaled page units; the viewport may scale them.
    const width = item.width * Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0);
    const x = matrix[4];
    const baseline = matrix[5];
    runs.push({
      text: item.str,
      size,
      baseline,
      font: item.fontName,
      x0: x,
      x1: x + Math.max(width, 0),
      y0: baseline - size * 0.8,
      y1: baseline + size * 0.2,
    });
  }
  return runs;
}
