import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { parseDocument } from '../parse-document.ts';
import { loadPdfjs } from './load-pdfjs.ts';
import { readGlyphItems } from './read-glyph-items.ts';
import { openPdf, readTextContent, scanPage } from './scan-page.ts';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
if (!existsSync(DEJAVU)) {
  console.warn(`SKIPPED: the right-to-left and vertical PDF tests need ${DEJAVU} (apt-get install fonts-dejavu-core)`);
}

const HEBREW = 'שלום עולם';
const ARABIC = 'مرحبا بالعالم';
const ENGLISH = 'Hello world';

/**
 * One page with a Hebrew, an Arabic and an English line in DejaVu Sans, and one English page. fontkit lays out
 * right-to-left text as producers do: glyphs shaped and in visual order (left to right on the page).
 */
async function rightToLeftPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await readFile(DEJAVU), { subset: true });
  const mixed = pdf.addPage([400, 300]);
  mixed.drawText(HEBREW, { x: 50, y: 250, size: 14, font });
  mixed.drawText(ARABIC, { x: 50, y: 200, size: 14, font });
  mixed.drawText(ENGLISH, { x: 50, y: 150, size: 14, font });
  pdf.addPage([400, 300]).drawText('Only left-to-right text here', { x: 50, y: 250, size: 14, font });
  return pdf.save();
}

/**
 * A page of DejaVu Sans set in vertical writing: pdf-lib embeds the font horizontally (Identity-H), and its Type 0
 * dictionary is switched to the Identity-V CMap, so the same glyph codes advance down the page.
 */
async function verticalPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await readFile(DEJAVU), { subset: true });
  pdf.addPage([300, 400]).drawText('TATEGAKI', { x: 150, y: 350, size: 14, font });
  const reopened = await PDFDocument.load(await pdf.save());
  for (const [, object] of reopened.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type0')) {
      object.set(PDFName.of('Encoding'), PDFName.of('Identity-V'));
    }
  }
  return reopened.save();
}

describe.skipIf(!existsSync(DEJAVU))('right-to-left and vertical PDF text (DejaVu Sans, fonts-dejavu-core)', () => {
  it('puts Hebrew and Arabic lines in logical order, as pdf.js text content does', async () => {
    const bytes = await rightToLeftPdf();
    const pdfjs = await loadPdfjs();
    const { document, close } = await openPdf(pdfjs, bytes);
    let theirs: string[];
    let fastPath: string[];
    try {
      const page = await document.getPage(1);
      theirs = (await readTextContent(page)).map((item) => item.str);
      const operators = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      fastPath = readGlyphItems(operators, pdfjs.OPS, (name) => page.commonObjs.get(name) as never, pdfjs.normalizeUnicode).map(
        (item) => item.str,
      );
    } finally {
      await close();
    }
    expect(theirs).toEqual([HEBREW, ARABIC, ENGLISH]);
    // The content stream holds the glyphs in visual order: read straight through, the Hebrew line comes out reversed.
    expect(fastPath).not.toContain(HEBREW);
    expect(fastPath).toContain([...HEBREW].reverse().join(''));
    const parsed = await parseDocument({ bytes, name: 'rtl.pdf' }, { concurrency: 1 });
    const lines = (parsed.pages[0]?.markdown ?? '').split('\n').filter((line) => line.trim() !== '');
    expect(lines).toEqual([HEBREW, ARABIC, ENGLISH]);
    expect(parsed.pages[1]?.markdown).toBe('Only left-to-right text here');
  });

  it('asks pdf.js for text content only on pages with right-to-left text', async () => {
    const bytes = await rightToLeftPdf();
    const pdfjs = await loadPdfjs();
    const { document, close } = await openPdf(pdfjs, bytes);
    try {
      const calls: number[] = [];
      for (const number of [1, 2]) {
        const page = await document.getPage(number);
        const spy = vi.spyOn(page, 'getTextContent');
        const scan = await scanPage(pdfjs, document, page, undefined);
        calls.push(spy.mock.calls.length);
        expect(scan.fragments.length).toBeGreaterThan(0);
      }
      expect(calls).toEqual([1, 0]);
    } finally {
      await close();
    }
  });

  it('reads a page in vertical writing through pdf.js text content', async () => {
    const bytes = await verticalPdf();
    const pdfjs = await loadPdfjs();
    const { document, close } = await openPdf(pdfjs, bytes);
    try {
      const page = await document.getPage(1);
      const spy = vi.spyOn(page, 'getTextContent');
      const scan = await scanPage(pdfjs, document, page, undefined);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(scan.fragments.map((fragment) => fragment.text)).toEqual(['TATEGAKI']);
    } finally {
      await close();
    }
    const parsed = await parseDocument({ bytes, name: 'vertical.pdf' }, { concurrency: 1 });
    // Read glyph by glyph, each letter would be a line of its own.
    expect(parsed.pages[0]?.markdown).toBe('TATEGAKI');
  });
});
