import { describe, expect, it } from 'vitest';
import { readingOrderAccuracy } from '../../test-support/parse-quality.ts';
import { SCANNED_LINES, scannedPdf } from '../../test-support/scanned-pdf.ts';
import { parseDocument } from '../parse-document.ts';

/** A scanned page (an image, no text layer) made by rendering a text page with pdf.js and placing the PNG alone. */
describe('OCR of scanned PDF pages', () => {
  it('marks a scanned page as such and leaves it empty when OCR is off', async () => {
    const parsed = await parseDocument({ bytes: await scannedPdf(), name: 'scan.pdf' });
    expect(parsed.pages[0]).toMatchObject({ scanned: true, markdown: '', blocks: [] });
    expect(parsed.pages[0]?.ocr).toBeUndefined();
  });

  it('reads a scanned page with tesseract.js and the packaged English data, through the layout pass', {
    timeout: 60_000,
  }, async () => {
    const parsed = await parseDocument({ bytes: await scannedPdf(), name: 'scan.pdf' }, { ocr: true });
    const accuracy = readingOrderAccuracy(SCANNED_LINES, parsed.markdown);
    console.log(`OCR: word accuracy in order ${accuracy.toFixed(4)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(parsed.pages[0]).toMatchObject({ scanned: true, ocr: true });
    expect(parsed.pages[0]?.blocks?.[0]).toMatchObject({ kind: 'heading', level: 1 });
  });
});
