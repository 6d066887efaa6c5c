import type { TextRun } from './layout-types.ts';
import { multiplyMatrix } from './multiply-matrix.ts';

/** @internal The part of a pdf.js `TextItem` the layout pass reads. */
export interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

/** @internal What the layout pass needs to know of a font. */
export interface FontTraits {
  bold: boolean;
  mono: boolean;
}

const BOLD = /bold|black|heavy|semibold|demi|CMBX|CMB\d|-Bd\b|,B\b/i;
const MONO = /mono|courier|consol|CMTT|typewriter|menlo|inconsolata/i;

/**
 * @internal A font's traits from its PostScript name (`ABCDEF+CMBX12`, `Helvetica-Bold`) and pdf.js's text-content
 * style (which says `monospace` for fixed-pitch fonts it recognises).
 */
export function fontTraits(name: string | undefined, family: string | undefined): FontTraits {
  return { bold: name !== undefined && BOLD.test(name), mono: family === 'monospace' || (name !== undefined && MONO.test(name)) };
}

/**
 * @internal pdf.js text items as runs in page space (top-left origin). `viewportTransform` is the page's viewport
 * transform at scale 1, which flips y and applies the page's rotation and crop box. `fontOf` tells bold and
 * fixed-pitch (code) fonts. Whitespace-only items carry no
 * text of their own (gaps between runs are measured instead), so they are dropped.
 */
export function readTextRuns(
  items: readonly PdfTextItem[],
  viewportTransform: readonly number[],
  fontOf: (fontName: string) => FontTraits = () => ({ bold: false, mono: false }),
): TextRun[] {
  const runs: TextRun[] = [];
  for (const item of items) {
    // Control characters (some fonts map glyphs to them) are not text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
    const text = item.str.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
    if (text.trim() === '') continue;
    const matrix = multiplyMatrix(viewportTransform, item.transform);
    const size = Math.hypot(matrix[2], matrix[3]) || item.height || 1;
    // `width` is in unscaled page units; the viewport may scale them.
    const width = item.width * Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0);
    const [x, baseline] = [matrix[4], matrix[5]];
    // The run's direction and its glyphs' up direction, in page space: corners of the box from those.
    const along = Math.hypot(matrix[0], matrix[1]) || 1;
    const [dx, dy] = [matrix[0] / along, matrix[1] / along];
    const [ux, uy] = [matrix[2] / size, matrix[3] / size];
    const xs = [0.8, -0.2].flatMap((up) => [x + up * size * ux, x + dx * width + up * size * ux]);
    const ys = [0.8, -0.2].flatMap((up) => [baseline + up * size * uy, baseline + dy * width + up * size * uy]);
    runs.push({
      text,
      size,
      baseline,
      font: item.fontName,
      ...fontOf(item.fontName),
      rotated: Math.abs(dy) > 0.1,
      x0: Math.min(...xs),
      x1: Math.max(...xs),
      y0: Math.min(...ys),
      y1: Math.max(...ys),
    });
  }
  return runs;
}
