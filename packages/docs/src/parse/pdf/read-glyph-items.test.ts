import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { columnTablePage, manualPage, tablePage, twoColumnPaper } from '../../test-support/pdf-fixtures.ts';
import { loadPdfjs, type Pdfjs } from './load-pdfjs.ts';
import { type GlyphFont, readGlyphItems } from './read-glyph-items.ts';
import { openPdf } from './scan-page.ts';

/** The items of every page two ways: read from the operator list, and pdf.js's own text content. */
async function bothWays(bytes: Uint8Array) {
  const pdfjs: Pdfjs = await loadPdfjs();
  const { document, close } = await openPdf(pdfjs, bytes);
  const pages: Array<{ ours: ReturnType<typeof readGlyphItems>; theirs: Array<{ str: string; transform: number[] }> }> = [];
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      const fontOf = (name: string) => page.commonObjs.get(name) as GlyphFont;
      const content = await page.getTextContent();
      pages.push({
        ours: readGlyphItems(operators, pdfjs.OPS, fontOf, pdfjs.normalizeUnicode),
        theirs: content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item] : [])),
      });
    }
  } finally {
    await close();
  }
  return pages;
}

const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';
if (!existsSync(R_INTRO)) console.warn(`SKIPPED: the TeX-manual comparison needs ${R_INTRO} (apt-get install r-doc-pdf)`);

const words = (texts: readonly string[]) => texts.join(' ').split(/\s+/).filter(Boolean);

describe('text from the operator list', () => {
  it('reads the words pdf.js text content reads, where it places them', { timeout: 30_000 }, async () => {
    const fixtures = [await twoColumnPaper(2), await tablePage(true), await columnTablePage(), await manualPage()];
    for (const fixture of fixtures) {
      for (const { ours, theirs } of await bothWays(fixture.bytes)) {
        expect(words(ours.map((item) => item.str))).toEqual(words(theirs.map((item) => item.str)));
        // Each of pdf.js's items starts where one of ours does (ours may join items on one line).
        const starts = ours.map((item) => `${item.transform[4]?.toFixed(1)},${item.transform[5]?.toFixed(1)}`);
        const missing = theirs.filter(
          (item) => !starts.includes(`${item.transform[4]?.toFixed(1)},${item.transform[5]?.toFixed(1)}`),
        );
        expect(missing.length).toBeLessThanOrEqual(theirs.length * 0.5);
      }
    }
  });

  it('joins glyphs into one item across small gaps and splits it at a wide one, with a space for a word gap', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([400, 200]);
    const size = 10;
    page.drawText('alpha', { x: 50, y: 100, size, font });
    // A word gap (a third of the size) after "alpha": same item, one space.
    page.drawText('beta', { x: 50 + font.widthOfTextAtSize('alpha', size) + size / 3, y: 100, size, font });
    // Three sizes further: a new item (a column or a table cell).
    page.drawText('gamma', { x: 50 + font.widthOfTextAtSize('alpha beta', size) + 3 * size, y: 100, size, font });
    page.drawText('fi', { x: 50, y: 50, size, font });
    const [first, ...rest] = (await bothWays(await pdf.save()))[0]?.ours ?? [];
    expect([first?.str, ...rest.map((item) => item.str)]).toEqual(['alpha beta', 'gamma', 'fi']);
    expect(first?.transform.slice(4)).toEqual([50, 100]);
    expect(first?.width).toBeCloseTo(font.widthOfTextAtSize('alpha', size) + size / 3 + font.widthOfTextAtSize('beta', size), 3);
  });

  it.runIf(existsSync(R_INTRO))('reads a TeX manual (r-doc-pdf) word for word as pdf.js does', { timeout: 60_000 }, async () => {
    const bytes = new Uint8Array(await readFile(R_INTRO));
    let same = 0;
    const pages = await bothWays(bytes);
    for (const { ours, theirs } of pages) {
      if (words(ours.map((item) => item.str)).join(' ') === words(theirs.map((item) => item.str)).join(' ')) same += 1;
    }
    console.log(`R-intro.pdf: ${same}/${pages.length} pages read word for word as pdf.js text content reads them`);
    expect(same).toBeGreaterThanOrEqual(pages.length * 0.95);
  });
});
