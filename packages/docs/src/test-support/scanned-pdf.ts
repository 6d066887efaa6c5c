import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadPdfjs, standardFontDataUrl } from '../parse/pdf/load-pdfjs.ts';
import { renderPage } from '../parse/pdf/render-page.ts';

/** The text on the scanned page, line by line. */
export const SCANNED_LINES = [
  'Scanned Invoice Summary',
  'The shipment arrived on Monday morning.',
  'Payment is due within thirty days.',
];

/**
 * A scanned page: a text page made with pdf-lib, rendered to a PNG by pdf.js (150 dpi), then placed as the only
 * content of a new PDF page — an image with no text layer, as a scanner makes.
 */
export async function scannedPdf(): Promise<Uint8Array> {
  const source = await PDFDocument.create();
  const font = await source.embedFont(StandardFonts.Helvetica);
  const textPage = source.addPage([612, 396]);
  for (const [index, line] of SCANNED_LINES.entries())
    textPage.drawText(line, { x: 60, y: 320 - index * 40, size: index === 0 ? 22 : 16, font });
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({ data: await source.save(), standardFontDataUrl: standardFontDataUrl(), verbosity: 0 });
  let png: Uint8Array;
  try {
    const document = await task.promise;
    png = await renderPage(document, await document.getPage(1), 150 / 72);
  } finally {
    await task.destroy();
  }
  const scan = await PDFDocument.create();
  const image = await scan.embedPng(png);
  scan.addPage([612, 396]).drawImage(image, { x: 0, y: 0, width: 612, height: 396 });
  return scan.save();
}
