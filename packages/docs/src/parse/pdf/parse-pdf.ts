import { McpflowError } from 'mcpflow';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentMetadata, ParsedPage, ParseOptions } from '../parsed-document.ts';
import { assignHeadings } from './assign-headings.ts';
import { blocksToMarkdown, documentMarkdown } from './blocks-to-markdown.ts';
import { findRuledTables } from './find-ruled-tables.ts';
import { groupFragments } from './group-fragments.ts';
import { layoutPage } from './layout-page.ts';
import type { Fragment, TableRegion, TextRun } from './layout-types.ts';
import { loadPdfjs, type Pdfjs, standardFontDataUrl } from './load-pdfjs.ts';
import { createPageOcr, type PageOcr } from './ocr-page.ts';
import { readPdfMetadata } from './read-pdf-metadata.ts';
import { readRulings } from './read-rulings.ts';
import { fontTraits, type PdfTextItem, readTextRuns } from './read-text-runs.ts';
import { removePageFurniture } from './remove-page-furniture.ts';
import { renderPage } from './render-page.ts';

/** @internal A parsed PDF: Markdown with page markers, its pages, and its metadata. */
export interface ParsedPdf {
  markdown: string;
  pages: ParsedPage[];
  metadata: DocumentMetadata;
}

interface PageScan {
  number: number;
  width: number;
  height: number;
  fragments: Fragment[];
  rotated: TextRun[];
  tables: TableRegion[];
  scanned: boolean;
  ocr: boolean;
}

/** @internal Page `number`'s text, ruling lines and ruled tables (OCR'd first when it is a scan and OCR is on). */
async function scanPage(
  pdfjs: Pdfjs,
  document: PDFDocumentProxy,
  page: PDFPageProxy,
  ocr: PageOcr | undefined,
): Promise<PageScan> {
  const viewport = page.getViewport({ scale: 1 });
  const [content, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  // The operator list has loaded the page's fonts: their names tell bold and fixed-pitch faces.
  const fontOf = (fontName: string) => {
    const font = page.commonObjs.has(fontName) ? (page.commonObjs.get(fontName) as { name?: string }) : undefined;
    return fontTraits(font?.name, content.styles[fontName]?.fontFamily);
  };
  let runs = readTextRuns(content.items as PdfTextItem[], viewport.transform, fontOf);
  const images = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject]);
  const scanned = runs.length === 0 && operators.fnArray.some((fn) => images.has(fn));
  let ocred = false;
  if (scanned && ocr !== undefined) {
    runs = await ocr.recognize((scale) => renderPage(document, page, scale));
    ocred = true;
  }
  const rulings = readRulings(operators, pdfjs.OPS, viewport.transform);
  const { tables, rest } = findRuledTables(rulings, runs);
  return {
    number: page.pageNumber,
    width: viewport.width,
    height: viewport.height,
    fragments: groupFragments(rest.filter((run) => !run.rotated)),
    rotated: rest.filter((run) => run.rotated),
    tables,
    scanned,
    ocr: ocred,
  };
}

async function open(pdfjs: Pdfjs, bytes: Uint8Array): Promise<{ document: PDFDocumentProxy; close: () => Promise<void> }> {
  // pdf.js takes ownership of (detaches) the buffer it is given, and refuses Buffers: hand it a plain copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    fontExtraProperties: true,
    standardFontDataUrl: standardFontDataUrl(),
    verbosity: 0,
  });
  try {
    return { document: await task.promise, close: () => task.destroy() };
  } catch (error) {
    await task.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new McpflowError('INVALID_INPUT', `cannot read the PDF: ${reason}`, { cause: error });
  }
}

/**
 * @internal Parses a PDF with pdf.js and the layout pass: ruled and aligned tables, reading order across columns,
 * running headers and footers removed (they are only known once every page is read), headings by font-size rank,
 * de-hyphenation; pages joined with `<!-- page N -->` markers.
 */
export async function parsePdf(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedPdf> {
  const pdfjs = await loadPdfjs();
  const { document, close } = await open(pdfjs, bytes);
  const ocr =
    options.ocr === undefined || options.ocr === false ? undefined : createPageOcr(options.ocr === true ? {} : options.ocr);
  try {
    const total = Math.min(document.numPages, options.maxPages ?? Number.POSITIVE_INFINITY);
    const scans: PageScan[] = [];
    for (let number = 1; number <= total; number++) {
      options.signal?.throwIfAborted();
      const page = await document.getPage(number);
      scans.push(await scanPage(pdfjs, document, page, ocr));
      page.cleanup();
      options.onPage?.(number, total);
    }
    const kept = removePageFurniture(scans.map((scan) => ({ fragments: scan.fragments, height: scan.height }))).pages;
    const drafts = scans.map((scan, index) => layoutPage(kept[index] ?? [], scan.tables, scan.width, scan.rotated));
    const blocks = assignHeadings(drafts);
    const pages = scans.map((scan, index): ParsedPage => {
      const pageBlocks = blocks[index] ?? [];
      return {
        number: scan.number,
        markdown: blocksToMarkdown(pageBlocks),
        width: scan.width,
        height: scan.height,
        blocks: pageBlocks,
        ...(scan.scanned ? { scanned: true } : {}),
        ...(scan.ocr ? { ocr: true } : {}),
      };
    });
    const markdown = documentMarkdown(pages.map((page) => ({ number: page.number, blocks: page.blocks ?? [] })));
    return { markdown, pages, metadata: await readPdfMetadata(pdfjs, document) };
  } finally {
    await ocr?.close();
    await close();
  }
}
