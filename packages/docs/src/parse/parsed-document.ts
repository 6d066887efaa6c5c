import type { PageBlock } from './pdf/layout-types.ts';

/**
 * An image on a page. DOCX, PPTX and HTML Markdown refers to it as `![alt](source)`; a PDF page lists its images
 * without references in the text. Its data is never inlined (no base64 in the text).
 */
export interface PageImage {
  /**
   * What the Markdown reference points at: the part inside an Office package (`word/media/image1.png`), an HTML
   * image's URL, or `#image-N` for an image inlined in the file (an HTML `data:` URI), N counted from 1 per document;
   * for a PDF, `page-P-image-N`, N counted from 1 per page in drawing order.
   */
  source: string;
  /** The description the document gives it (DOCX `descr` or `title`, PPTX `descr`, HTML `alt`). */
  alt?: string;
  /** `image/png`, `image/jpeg`…, when the file or the name tells it. */
  mediaType?: string;
  /** The size of the image data in bytes, when the document carries it. */
  bytes?: number;
  /** PDF images: the width the image is drawn at on the page, in points. */
  width?: number;
  /** PDF images: the height the image is drawn at on the page, in points. */
  height?: number;
}

/** One page of a parsed document: a PDF page, a slide, a sheet; formats without pages have one. */
export interface ParsedPage {
  /** Counted from 1. */
  number: number;
  markdown: string;
  /** PDF pages: the page's size in points. */
  width?: number;
  height?: number;
  /** PDF pages: the page's blocks in reading order, with their kinds and boxes. */
  blocks?: PageBlock[];
  /** PDF pages with no text layer but images: a scanned page. Its text is there only when OCR ran (`ocr`). */
  scanned?: boolean;
  /** The page's text came from OCR. */
  ocr?: boolean;
  /** The page could not be read (a damaged file): why. Its text is missing; the other pages are there. */
  error?: string;
  /** Slides and sheets: the slide's title or the sheet's name. */
  title?: string;
  /**
   * The images on the page (DOCX, PPTX, HTML in reading order; PDF in drawing order), missing when there are none.
   * A PDF repeat of one image that pdf.js merges counts once; its groups of small masks and inline images
   * (glyph-like stencils) are not listed.
   */
  images?: PageImage[];
}

/** What a document says about itself (PDF info and XMP, Office core properties). */
export interface DocumentMetadata {
  pageCount: number;
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  /** ISO 8601. */
  created?: string;
  /** ISO 8601. */
  modified?: string;
}

/** A document turned into Markdown, with its pages and what is known about it. */
export interface ParsedDocument {
  /** The whole document; PDF pages are separated by `<!-- page N -->` markers. */
  markdown: string;
  pages: ParsedPage[];
  title: string | undefined;
  mediaType: string;
  /** SHA-256 of the original bytes, hex: the key of incremental re-indexing. */
  sha256: string;
  bytes: number;
  metadata: DocumentMetadata;
}

/** What to parse: the bytes, and a name (or an explicit media type) to tell the format by. */
export interface DocumentInput {
  bytes: Uint8Array;
  name: string;
  mediaType?: string;
}

/** OCR settings for scanned PDF pages (tesseract.js with the English data of `@tesseract.js-data/eng`). */
export interface OcrOptions {
  /** Rendering resolution for OCR. @default 200 */
  dpi?: number;
  /** A folder holding `<lang>.traineddata.gz`, for languages other than the packaged English. */
  langPath?: string;
  /** @default 'eng' */
  language?: string;
}

/** How to parse. */
export interface ParseOptions {
  /**
   * OCR scanned PDF pages (pages with images and no text layer). Needs the optional packages `tesseract.js` and
   * `@tesseract.js-data/eng`; nothing is downloaded. @default false
   */
  ocr?: boolean | OcrOptions;
  /**
   * The PDF engine: `'mcpflow'` (pdf.js and this package's layout pass) or `'liteparse'` (the optional native
   * `@llamaindex/liteparse`). @default 'mcpflow'
   */
  pdfBackend?: 'mcpflow' | 'liteparse';
  /**
   * Scan a long PDF's pages in up to this many threads: this one and pooled worker threads, each with its own pdf.js
   * (about 30 MB), taking pages from one shared counter. Workers stay up while parses keep coming, are stopped after
   * 10 s idle and never keep the process alive; documents of fewer than 12 pages per thread use fewer. Each thread
   * loads the document's fonts itself (12–47% more CPU time for two threads on Debian's manuals, for 1.05–1.45× the
   * pages/s when a core is idle): pass 1 on a busy machine. @default 2 on a machine with two cores or more, else 1
   */
  concurrency?: number;
  /**
   * Turn PDF web-link annotations into Markdown links. Off by default: reading a page's annotations makes pdf.js
   * resolve every internal link too, which halved the pages/s on Debian's link-heavy R-exts manual. @default false
   */
  links?: boolean;
  /**
   * The password of an encrypted PDF (the user or the owner password). Without it such a PDF fails with
   * `PASSWORD_REQUIRED`, with a wrong one with `PASSWORD_INCORRECT`; unencrypted files ignore it. Never logged or echoed.
   */
  password?: string;
  /** Parse only the first pages of a PDF. */
  maxPages?: number;
  /** Stops a long parse between pages. */
  signal?: AbortSignal;
  /** Called after each PDF page. */
  onPage?: (done: number, total: number) => void;
}

/** @internal What a format's converter returns; `parseDocument` adds the hash, size and media type. */
export interface ConvertedDocument {
  markdown: string;
  pages?: ParsedPage[];
  title: string | undefined;
  metadata?: Omit<DocumentMetadata, 'pageCount'> & { pageCount?: number };
}
