import { type Matrix, multiplyMatrix } from './multiply-matrix.ts';
import type { OperatorList } from './read-rulings.ts';
import type { PdfTextItem } from './read-text-runs.ts';

/** @internal The part of pdf.js's `OPS` table the glyph reader needs. */
export interface TextOps {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginText: number;
  setFont: number;
  setTextMatrix: number;
  moveText: number;
  setLeadingMoveText: number;
  setLeading: number;
  nextLine: number;
  setCharSpacing: number;
  setWordSpacing: number;
  setHScale: number;
  setTextRise: number;
  showText: number;
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintImageMaskXObject: number;
  paintImageXObjectRepeat: number;
  paintImageMaskXObjectRepeat: number;
}

/** @internal An image the page paints, with its size on the page in points (the current transform's unit square). */
export interface PaintedImage {
  width: number;
  height: number;
}

/**
 * @internal What the glyph reader notices on its way through the operator list, at no extra pass: right-to-left
 * text (which pdf.js's text content reorders and this reader does not), vertical writing, and the images painted.
 */
export interface GlyphSignals {
  rightToLeft: boolean;
  vertical: boolean;
  images: PaintedImage[];
}

/** @internal What the glyph reader needs of a font pdf.js loaded (`page.commonObjs`). */
export interface GlyphFont {
  fontMatrix?: ArrayLike<number>;
  vertical?: boolean;
}

/** A glyph of a `showText` operation, as pdf.js's operator list carries it; numbers between glyphs are TJ offsets. */
interface PdfGlyph {
  unicode: string;
  width: number;
  isSpace: boolean;
}

// pdf.js's text-content thresholds (fractions of the font size): a gap wider than SPACE_MIN is a space, one wider than
// SPACE_MAX (or going back more than BACK_MAX) starts a new item.
const SPACE_MIN = 0.102;
const SPACE_MAX = 0.6;
const BACK_MAX = -0.2;
/** Characters that take no room and carry no text: zero-width spaces and joiners, bidi marks, the BOM. */
const INVISIBLE = /[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
const BLANK = /^\s*$/;
/**
 * Letters of bidi class R or AL: Hebrew to Arabic Extended-A (Syriac, Thaana, NKo, Samaritan, Mandaic between), the
 * Hebrew and Arabic presentation forms, and the right-to-left blocks of the supplementary plane (U+10800–10FFF,
 * U+1E800–1EFFF, as surrogate pairs).
 */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\ud802\ud803\ud83a\ud83b][\udc00-\udfff]/;

interface TextState {
  ctm: Matrix;
  font: string;
  size: number;
  /** `fontMatrix[0]`: glyph widths are in these units of the font size. */
  widthScale: number;
  vertical: boolean;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

/** An item being built: text on one baseline of one font, in the text space of `frame` (CTM × text matrix). */
interface OpenItem {
  text: string;
  frame: Matrix;
  font: string;
  size: number;
  hScale: number;
  rise: number;
  x0: number;
  y: number;
  x1: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** Where text-space point (x, y) of `from` lies in the text space of `to`, when both share the linear part. */
function shiftInto(from: Matrix, to: Matrix, x: number, y: number): [number, number] {
  const [a, b, c, d] = to;
  const det = a * d - b * c;
  const [dx, dy] = [from[4] - to[4], from[5] - to[5]];
  return [x + (d * dx - c * dy) / det, y + (a * dy - b * dx) / det];
}

/**
 * @internal The page's text as pdf.js text-content items, read from the operator list the ruling pass needs anyway
 * (one pass over the content stream instead of two): each `showText` placed by the text state (PDF 32000-1 §9.4,
 * as pdf.js's canvas does it), glyphs joined into items on one baseline with a space for a gap wider than a tenth of
 * the font size and a new item past six tenths, as pdf.js's `getTextContent` splits them. `normalize` is pdf.js's
 * `normalizeUnicode` (ligatures to letters). `signals`, when given, is told of right-to-left text, vertical writing
 * and painted images.
 */
export function readGlyphItems(
  operatorList: OperatorList,
  ops: TextOps,
  fontOf: (loadedName: string) => GlyphFont | undefined,
  normalize: (text: string) => string = (text) => text,
  signals: GlyphSignals = { rightToLeft: false, vertical: false, images: [] },
): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  const stack: TextState[] = [];
  let state: TextState = {
    ctm: IDENTITY,
    font: '',
    size: 0,
    widthScale: 0.001,
    vertical: false,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    textMatrix: IDENTITY,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
  let open: OpenItem | undefined;
  const flush = () => {
    if (open === undefined) return;
    const { frame, size, hScale } = open;
    const text = normalize(open.text.replace(INVISIBLE, '').trimEnd());
    if (text !== '') {
      if (!signals.rightToLeft && RIGHT_TO_LEFT.test(text)) signals.rightToLeft = true;
      items.push({
        str: text,
        transform: multiplyMatrix(frame, [size * hScale, 0, 0, size, open.x0, open.y + open.rise]),
        width: (open.x1 - open.x0) * Math.hypot(frame[0], frame[1]),
        height: size * Math.hypot(frame[2], frame[3]),
        fontName: open.font,
      });
    }
    open = undefined;
  };
  const moveText = (x: number, y: number) => {
    state.lineX += x;
    state.lineY += y;
    state.x = state.lineX;
    state.y = state.lineY;
  };
  const { fnArray, argsArray } = operatorList;
  for (let index = 0; index < fnArray.length; index++) {
    const fn = fnArray[index];
    const args = argsArray[index] as number[];
    if (fn === ops.showText) {
      showText(args[0] as unknown as ReadonlyArray<PdfGlyph | number>);
    } else if (fn === ops.save) stack.push({ ...state });
    else if (fn === ops.restore) state = stack.pop() ?? state;
    else if (fn === ops.transform) state.ctm = multiplyMatrix(state.ctm, args);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push({ ...state });
      if (args[0] != null) state.ctm = multiplyMatrix(state.ctm, args[0] as unknown as number[]);
    } else if (fn === ops.paintFormXObjectEnd) state = stack.pop() ?? state;
    else if (fn === ops.beginText) {
      state.textMatrix = IDENTITY;
      state.x = state.y = state.lineX = state.lineY = 0;
    } else if (fn === ops.setFont) {
      const font = fontOf(args[0] as unknown as string);
      state.font = args[0] as unknown as string;
      state.size = Math.abs(args[1] ?? 0);
      state.widthScale = font?.fontMatrix?.[0] ?? 0.001;
      state.vertical = font?.vertical === true;
    } else if (fn === ops.setTextMatrix) {
      state.textMatrix = Array.from(args[0] as unknown as ArrayLike<number>) as Matrix;
      state.x = state.y = state.lineX = state.lineY = 0;
    } else if (fn === ops.moveText) moveText(args[0] ?? 0, args[1] ?? 0);
    else if (fn === ops.setLeadingMoveText) {
      state.leading = args[1] ?? 0;
      moveText(args[0] ?? 0, args[1] ?? 0);
    } else if (fn === ops.setLeading) state.leading = -(args[0] ?? 0);
    else if (fn === ops.nextLine) moveText(0, state.leading);
    else if (fn === ops.setCharSpacing) state.charSpacing = args[0] ?? 0;
    else if (fn === ops.setWordSpacing) state.wordSpacing = args[0] ?? 0;
    else if (fn === ops.setHScale) state.hScale = (args[0] ?? 100) / 100;
    else if (fn === ops.setTextRise) state.rise = args[0] ?? 0;
    // Images last: they are rare. pdf.js's groups of small masks and inline images (glyph-like stencils) are not listed.
    else if (fn === ops.paintImageXObject || fn === ops.paintInlineImageXObject || fn === ops.paintImageMaskXObject) {
      paintImage(1, 0, 0, 1);
    } else if (fn === ops.paintImageXObjectRepeat) paintImage(args[1] ?? 1, 0, 0, args[2] ?? 1);
    else if (fn === ops.paintImageMaskXObjectRepeat) paintImage(args[1] ?? 1, args[2] ?? 0, args[3] ?? 0, args[4] ?? 1);
  }
  flush();
  return items;

  /** An image is drawn into the unit square of the current transform (scaled by a repeat's own matrix). */
  function paintImage(a: number, b: number, c: number, d: number): void {
    const [ma, mb, mc, md] = multiplyMatrix(state.ctm, [a, b, c, d, 0, 0]);
    signals.images.push({ width: Math.hypot(ma, mb), height: Math.hypot(mc, md) });
  }

  function showText(glyphs: ReadonlyArray<PdfGlyph | number>): void {
    const { size, hScale, widthScale } = state;
    if (size === 0) return;
    const frame = multiplyMatrix(state.ctm, state.textMatrix);
    if (state.vertical) {
      showVertical(glyphs, frame);
      return;
    }
    // Glyph positions are measured in the open item's text space when this text continues its line.
    let shift = 0;
    if (open !== undefined) {
      const same =
        open.font === state.font &&
        open.size === size &&
        open.hScale === hScale &&
        open.rise === state.rise &&
        open.frame[0] === frame[0] &&
        open.frame[1] === frame[1] &&
        open.frame[2] === frame[2] &&
        open.frame[3] === frame[3];
      const [x, y] = same ? shiftInto(frame, open.frame, state.x, state.y) : [0, Number.NaN];
      if (same && Math.abs(y - open.y) < size * 0.01) shift = x - state.x;
      else flush();
    }
    let advance = 0;
    for (const glyph of glyphs) {
      if (typeof glyph === 'number') {
        advance -= (glyph * size) / 1000;
        continue;
      }
      const width = glyph.width * widthScale * size;
      // Where the glyph starts in this operation's text space.
      const local = state.x + advance * hScale;
      advance += width + (glyph.isSpace ? state.wordSpacing : 0) + state.charSpacing;
      if (glyph.unicode === '' || BLANK.test(glyph.unicode)) continue;
      if (open !== undefined) {
        const gap = local + shift - open.x1;
        if (gap > size * SPACE_MAX || gap < size * BACK_MAX) flush();
        else if (gap > size * SPACE_MIN && !open.text.endsWith(' ')) open.text += ' ';
      }
      if (open === undefined) {
        shift = 0;
        open = { text: '', frame, font: state.font, size, hScale, rise: state.rise, x0: local, y: state.y, x1: local };
      }
      open.text += glyph.unicode;
      open.x1 = local + shift + width * hScale;
    }
    state.x += advance * hScale;
  }

  /** Vertical writing: each glyph an item of its own, one under the other (pdf.js's canvas advances down the page). */
  function showVertical(glyphs: ReadonlyArray<PdfGlyph | number>, frame: Matrix): void {
    flush();
    signals.vertical = true;
    const { size, hScale, widthScale } = state;
    let advance = 0;
    for (const glyph of glyphs) {
      if (typeof glyph === 'number') {
        advance += (glyph * size) / 1000;
        continue;
      }
      const width = glyph.width * widthScale * size;
      const y = state.y - advance - size;
      advance += size + (glyph.isSpace ? state.wordSpacing : 0) + state.charSpacing;
      if (BLANK.test(glyph.unicode)) continue;
      open = {
        text: glyph.unicode,
        frame,
        font: state.font,
        size,
        hScale,
        rise: state.rise,
        x0: state.x,
        y,
        x1: state.x + width,
      };
      flush();
    }
    state.y -= advance;
  }
}
