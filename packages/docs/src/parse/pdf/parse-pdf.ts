import { availableParallelism } from 'node:os';
import { McpflowError } from 'mcpflow';
import type { DocumentMetadata, ParsedPage, ParseOptions } from '../parsed-document.ts';
import { assignHeadings } from './assign-headings.ts';
import { blocksToMarkdown, documentMarkdown } from './blocks-to-markdown.ts';
import { layoutPage } from './layout-page.ts';
import { loadPdfjs } from './load-pdfjs.ts';
import { createPageOcr } from './ocr-page.ts';
import { readPdfMetadata } from './read-pdf-metadata.ts';
import { removePageFurniture } from './remove-page-furniture.ts';
import { openPdf, type PageScan, scanPagesInOrder } from './scan-page.ts';
import { scanPagesInParallel, workersFor } from './scan-pages-in-workers.ts';

/**
 * Two threads where the machine has two cores or more: on Debian's manuals they parsed 1.05–1.45× the pages/s of one
 * (for 12–47% more CPU time: each thread loads the fonts itself); more threads load the fonts more times again.
 */
const DEFAULT_CONCURRENCY = Math.min(2, availableParallelism());

/** @internal A parsed PDF: Markdown with page markers, its pages, and its metadata. */
export interface ParsedPdf {
  markdown: string;
  pages: ParsedPage[];
  metadata: DocumentMetadata;
}

/**
 * @internal Parses a PDF with pdf.js and the layout pass: ruled and aligned tables, reading order across columns,
 * running headers and footers removed (they are only known once every page is read), headings by font-size rank,
 * de-hyphenation; pages joined with `<!-- page N -->` markers. A damaged page comes back empty with its `error`; only
 * a file with no readable page fails (`INVALID_INPUT`). Long documents are scanned by this thread and pooled
 * worker threads together (`concurrency`: two by default on a multi-core machine); the cross-page steps run here,
 * once every page is in.
 */
export async function parsePdf(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedPdf> {
  const pdfjs = await loadPdfjs();
  const { document, close } = await openPdf(pdfjs, bytes, options.password);
  const ocrOptions = options.ocr === undefined || options.ocr === false ? undefined : options.ocr === true ? {} : options.ocr;
  const ocr = ocrOptions === undefined ? undefined : createPageOcr(ocrOptions);
  try {
    const total = Math.min(document.numPages, options.maxPages ?? Number.POSITIVE_INFINITY);
    const threads = workersFor(total, options.concurrency ?? DEFAULT_CONCURRENCY);
    const links = options.links === true;
    const scans: PageScan[] =
      threads > 1
        ? await scanPagesInParallel(
            { pdfjs, document, bytes, total, threads, ocr, ocrOptions, links, password: options.password },
            options,
          )
        : [];
    if (threads === 1) {
      await scanPagesInOrder(pdfjs, document, [1, total], {
        ocr,
        links,
        next: () => !options.signal?.aborted,
        onScan: (scan) => {
          scans.push(scan);
          options.onPage?.(scan.number, total);
        },
      });
      options.signal?.throwIfAborted();
    }
    const failed = scans.filter((scan) => scan.error !== undefined);
    if (total > 0 && failed.length === total) {
      throw new McpflowError('INVALID_INPUT', `cannot read the PDF: no page could be read (${failed[0]?.error})`, {
        data: { pages: total },
      });
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
        ...(scan.images.length === 0 ? {} : { images: scan.images }),
        ...(scan.scanned ? { scanned: true } : {}),
        ...(scan.ocr ? { ocr: true } : {}),
        ...(scan.error === undefined ? {} : { error: scan.error }),
      };
    });
    const markdown = documentMarkdown(pages.map((page) => ({ number: page.number, blocks: page.blocks ?? [] })));
    return { markdown, pages, metadata: await readPdfMetadata(pdfjs, document) };
  } finally {
    await ocr?.close();
    await close();
  }
}
