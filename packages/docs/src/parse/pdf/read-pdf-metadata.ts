import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentMetadata } from '../parsed-document.ts';
import type { Pdfjs } from './load-pdfjs.ts';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** @internal A PDF's info dictionary (and XMP title/author where the info lacks them), dates as ISO 8601. */
export async function readPdfMetadata(pdfjs: Pdfjs, document: PDFDocumentProxy): Promise<DocumentMetadata> {
  const { info, metadata } = await document.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const fields = info as Record<string, unknown>;
  const date = (value: unknown) => {
    const parsed = typeof value === 'string' ? pdfjs.PDFDateString.toDateObject(value) : null;
    return parsed === null || Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
  };
  const entries: Array<[keyof DocumentMetadata, string | undefined]> = [
    ['title', text(fields.Title) ?? text(metadata?.get('dc:title'))],
    ['author', text(fields.Author) ?? text(metadata?.get('dc:creator'))],
    ['subject', text(fields.Subject)],
    ['keywords', text(fields.Keywords)],
    ['creator', text(fields.Creator)],
    ['producer', text(fields.Producer)],
    ['created', date(fields.CreationDate)],
    ['modified', date(fields.ModDate)],
  ];
  const result: DocumentMetadata = { pageCount: document.numPages };
  for (const [key, value] of entries) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}
