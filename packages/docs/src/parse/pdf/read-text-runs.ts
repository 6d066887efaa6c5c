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
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const NOT_BLANK = /\S/;

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
  // `width` is in unscaled page units; the viewport may scale them.
  const widthScale = Math.hypot(viewportTransform[0] ?? 1, viewportTransform[1] ?? 0);
  for (const item of items) {
    // Control characters (some fonts map glyphs to them) are not text. Most items have none: test before replacing.
    const text = CONTROL.test(item.str) ? item.str.replace(CONTROLS, '') : item.str;
    if (!NOT_BLANK.test(text)) continue;
    const matrix = multiplyMatrix(viewportTransform, item.transform);
    const size = Math.hypot(matrix[2], matrix[3]) || item.height || 1;
    const width = item.width * widthScale;
    const [x, baseline] = [matrix[4], matrix[5]];
    // The run's direction and its glyphs' up direction, in page space: the box spans the run's length along the
    // first and 0.8 of a size above to 0.2 below the baseline along the second.
    const along = Math.hypot(matrix[0], matrix[1]) || 1;
    const [dx, dy] = [matrix[0] / along, matrix[1] / along];
    const [ux, uy] = [matrix[2] / size, matrix[3] / size];
    const [runX, runY] = [dx * width, dy * width];
    const [topX, topY, bottomX, bottomY] = [0.8 * size * ux, 0.8 * size * uy, -0.2 * size * ux, -0.2 * size * uy];
    const { bold, mono } = fontOf(item.fontName);
    runs.push({
      text,
      size,
      baseline,
      font: item.fontName,
      bold,
      mono,
      rotated: Math.abs(dy) > 0.1,
      x0: x + Math.min(topX, topX + runX, bottomX, bottomX + runX),
      x1: x + Math.max(topX, topX + runX, bottomX, bottomX + runX),
      y0: baseline + Math.min(topY, topY + runY, bottomY, bottomY + runY),
      y1: baseline + Math.max(topY, topY + runY, bottomY, bottomY + runY),
    });
  }
  return runs;
}
