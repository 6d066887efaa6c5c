import { McpflowError } from 'mcpflow';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PageImage } from '../parsed-document.ts';
import { attachLinks, type PdfAnnotation } from './attach-links.ts';
import { findRuledTables } from './find-ruled-tables.ts';
import { groupFragments } from './group-fragments.ts';
import type { Fragment, TableRegion, TextRun } from './layout-types.ts';
import { type Pdfjs, standardFontDataUrl } from './load-pdfjs.ts';
import type { PageOcr } from './ocr-page.ts';
import { passwordError } from './password-error.ts';
import { type GlyphFont, type GlyphSignals, readGlyphItems } from './read-glyph-items.ts';
import { readRulings } from './read-rulings.ts';
import { type FontTraits, fontTraits, type PdfTextItem, readTextRuns } from './read-text-runs.ts';
import { renderPage } from './render-page.ts';

/** A font pdf.js loaded: its PostScript name and its generic family (`monospace` for fixed-pitch fonts it knows). */
interface LoadedFont extends GlyphFont {
  name?: string;
  fallbackName?: string;
}

/** @internal What the layout pass keeps of one page before the cross-page steps (running heads, headings). */
export interface PageScan {
  number: number;
  width: number;
  height: number;
  fragments: Fragment[];
  rotated: TextRun[];
  tables: TableRegion[];
  images: PageImage[];
  scanned: boolean;
  ocr: boolean;
  error?: string;
}

/** @internal The scan of a page that could not be read: empty, with the reason. */
export function failedScan(number: number, error: unknown): PageScan {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    number,
    width: 0,
    height: 0,
    fragments: [],
    rotated: [],
    tables: [],
    images: [],
    scanned: false,
    ocr: false,
    error: reason,
  };
}

/** @internal Reads page `number`, or returns its failed scan when the page is damaged: one bad page loses only itself. */
export async function scanPageNumber(
  pdfjs: Pdfjs,
  document: PDFDocumentProxy,
  number: number,
  ocr: PageOcr | undefined,
  links = false,
): Promise<PageScan> {
  try {
    const page = await document.getPage(number);
    try {
      return await scanPage(pdfjs, document, page, ocr, links);
    } finally {
      page.cleanup();
    }
  } catch (error) {
    return failedScan(number, error);
  }
}

/**
 * @internal A page's text (with its web links unless `links` is false), ruling lines and ruled tables; OCR'd first when
 * it is a scan and OCR is on.
 */
export async function scanPage(
  pdfjs: Pdfjs,
  document: PDFDocumentProxy,
  page: PDFPageProxy,
  ocr: PageOcr | undefined,
  links = false,
): Promise<PageScan> {
  const viewport = page.getViewport({ scale: 1 });
  // One pass over the content stream: the operator list gives the text (with its fonts loaded) and the ruling lines.
  const [operators, annotations] = await Promise.all([
    requestOperatorList(pdfjs, page),
    // Reading annotations makes pdf.js resolve every internal link too (slow on link-heavy pages): only when asked.
    links ? page.getAnnotations({ intent: 'display' }).catch(() => []) : [],
  ]);
  // The operator list has loaded the page's fonts: their names tell bold and fixed-pitch faces.
  const fonts = new Map<string, LoadedFont | undefined>();
  const fontOf = (fontName: string) => {
    if (!fonts.has(fontName)) {
      fonts.set(fontName, page.commonObjs.has(fontName) ? (page.commonObjs.get(fontName) as LoadedFont) : undefined);
    }
    return fonts.get(fontName);
  };
  const traits = new Map<string, FontTraits>();
  const traitsOf = (fontName: string) => {
    let known = traits.get(fontName);
    if (known === undefined) {
      const font = fontOf(fontName);
      known = fontTraits(font?.name, font?.fallbackName);
      traits.set(fontName, known);
    }
    return known;
  };
  const signals: GlyphSignals = { rightToLeft: false, vertical: false, images: [] };
  let items = readGlyphItems(operators, pdfjs.OPS, fontOf, pdfjs.normalizeUnicode, signals);
  // pdf.js's text content puts right-to-left text in logical order (its bidi pass) and lays out vertical writing:
  // only such pages pay for its second pass over the content stream.
  if (signals.rightToLeft || signals.vertical) items = await readTextContent(page);
  // Text wholly off the page (outside its crop box) is not shown; a line running into the margin is kept whole.
  const onPage = (run: TextRun) => run.x1 > 0 && run.x0 < viewport.width && run.y1 > 0 && run.y0 < viewport.height;
  let runs = readTextRuns(items, viewport.transform, traitsOf).filter(onPage);
  const scanned = runs.length === 0 && signals.images.length > 0;
  let ocred = false;
  if (scanned && ocr !== undefined) {
    runs = await ocr.recognize((scale) => renderPage(document, page, scale));
    ocred = true;
  }
  runs = attachLinks(runs, annotations as PdfAnnotation[], ([x0 = 0, y0 = 0, x1 = 0, y1 = 0]) => [
    ...viewport.convertToViewportPoint(x0, y0),
    ...viewport.convertToViewportPoint(x1, y1),
  ]);
  const rulings = readRulings(operators, pdfjs.OPS, viewport.transform);
  const { tables, rest } = findRuledTables(rulings, runs);
  return {
    number: page.pageNumber,
    width: viewport.width,
    height: viewport.height,
    fragments: groupFragments(rest.filter((run) => !run.rotated)),
    rotated: rest.filter((run) => run.rotated),
    tables,
    images: signals.images.map((image, index) => ({
      source: `page-${page.pageNumber}-image-${index + 1}`,
      width: Math.round(image.width * 100) / 100,
      height: Math.round(image.height * 100) / 100,
    })),
    scanned,
    ocr: ocred,
  };
}

/** @internal The page's text items as pdf.js's `getTextContent` gives them (right-to-left runs in logical order). */
export async function readTextContent(page: PDFPageProxy): Promise<PdfTextItem[]> {
  const content = await page.getTextContent();
  // Marked-content markers carry no text; the items' `fontName` is the loaded font's, as the operator list's is.
  return content.items.flatMap((item) => ('str' in item ? [item as PdfTextItem] : []));
}

/**
 * @internal The operator list `scanPage` reads (annotation appearances left out, as pdf.js's text content leaves them
 * out). pdf.js keeps it until the page is cleaned up, so asking early (for the next page) lets pdf.js parse that page
 * while this one is laid out.
 */
export function requestOperatorList(pdfjs: Pdfjs, page: PDFPageProxy): ReturnType<PDFPageProxy['getOperatorList']> {
  return page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
}

/**
 * @internal Scans pages `from`..`to` in order, asking pdf.js for each next page's operator list before laying out the
 * current one (pdf.js's own message round trips then overlap with the layout pass). `next` says whether to go on.
 */
export async function scanPagesInOrder(
  pdfjs: Pdfjs,
  document: PDFDocumentProxy,
  [from, to]: [number, number],
  page: { ocr: PageOcr | undefined; links: boolean; next: () => boolean; onScan: (scan: PageScan) => void },
): Promise<void> {
  const prefetch = (number: number) => {
    if (number <= to)
      void document.getPage(number).then(
        (next) => requestOperatorList(pdfjs, next),
        () => {},
      );
  };
  prefetch(from);
  for (let number = from; number <= to && page.next(); number++) {
    prefetch(number + 1);
    page.onScan(await scanPageNumber(pdfjs, document, number, page.ocr, page.links));
  }
}

/** @internal Opens a PDF with pdf.js; `INVALID_INPUT` when it cannot be read. */
export async function openPdf(
  pdfjs: Pdfjs,
  bytes: Uint8Array,
  password?: string,
): Promise<{ document: PDFDocumentProxy; close: () => Promise<void> }> {
  // pdf.js takes ownership of (detaches) the buffer it is given, and refuses Buffers: hand it a plain copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    fontExtraProperties: true,
    standardFontDataUrl: standardFontDataUrl(),
    verbosity: 0,
    ...(password === undefined ? {} : { password }),
  });
  try {
    return { document: await task.promise, close: () => task.destroy() };
  } catch (error) {
    await task.destroy();
    const locked = passwordError(error, password !== undefined);
    if (locked !== undefined) throw locked;
    const reason = error instanceof Error ? error.message : String(error);
    throw new McpflowError('INVALID_INPUT', `cannot read the PDF: ${reason}`, { cause: error });
  }
}
