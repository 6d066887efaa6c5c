import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @internal pdf.js's legacy build, the one that runs in Node (the modern build needs browser globals). */
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<Pdfjs> | undefined;

/** @internal pdf.js, imported once, on first use (it is large and most documents are not PDFs). */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loading;
}

/** @internal Where pdf.js's standard font data lives, for rendering pages that use the 14 standard fonts. */
export function standardFontDataUrl(): string {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return `${pathToFileURL(join(root, 'standard_fonts')).href}/`;
}
