import { McpflowError } from 'mcpflow';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { intactSpans, readingOrderAccuracy, tableCellAccuracy } from '../../test-support/parse-quality.ts';
import {
  columnTablePage,
  linkPage,
  MANUAL_PAGE_MARKDOWN,
  manualPage,
  tablePage,
  twoColumnPaper,
} from '../../test-support/pdf-fixtures.ts';
import { rawPdfText } from '../../test-support/raw-pdf-text.ts';
import { parseDocument } from '../parse-document.ts';

/** Quality on generated PDFs with known ground truth; the numbers are printed for the record. */
describe('PDF parse quality', () => {
  it('reads a scrambled two-column paper in order, whole, without its running header and footer', async () => {
    const fixture = await twoColumnPaper();
    const parsed = await parseDocument({ bytes: fixture.bytes, name: 'paper.pdf' });
    const order = readingOrderAccuracy([...fixture.paragraphs], parsed.markdown.replace(/^#.*$/gm, ''));
    const intact = intactSpans(fixture.paragraphs, parsed.markdown);
    const raw = await rawPdfText(fixture.bytes);
    const rawOrder = readingOrderAccuracy([...fixture.paragraphs], raw.text);
    console.log(
      `two-column paper: reading order ${order.toFixed(4)} (raw pdf.js ${rawOrder.toFixed(4)}), ` +
        `intact paragraphs ${intact}/${fixture.paragraphs.length} (raw pdf.js ${intactSpans(fixture.paragraphs, raw.text)})`,
    );
    expect(rawOrder).toBeLessThan(0.6); // the fixture really is out of stream order
    expect(order).toBeGreaterThanOrEqual(0.99);
    expect(intact).toBe(fixture.paragraphs.length);
    const headings = [...parsed.markdown.matchAll(/^(#+) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(headings).toEqual(fixture.headings.map((heading, index) => `${index === 0 ? '#' : '##'} ${heading}`));
    for (const line of fixture.furniture) expect(parsed.markdown).not.toContain(line);
    expect(parsed.markdown.match(/<!-- page \d+ -->/g)).toEqual(['<!-- page 1 -->', '<!-- page 2 -->', '<!-- page 3 -->']);
    expect(parsed.title).toBe('Reading Order in Generated Papers');
    expect(parsed.metadata).toMatchObject({ pageCount: 3, author: 'Test Author', title: 'Reading Order in Generated Papers' });
    expect(parsed.metadata.created).toMatch(/^\d{4}-\d\d-\d\dT/);
    const page = parsed.pages[0];
    expect(page).toMatchObject({ number: 1, width: 612, height: 792 });
    expect(page?.blocks?.[0]).toMatchObject({ kind: 'heading', level: 1, text: 'Reading Order in Generated Papers' });
    const [x0, y0, x1, y1] = page?.blocks?.[0]?.bbox ?? [];
    expect([x0, y0, x1, y1].every((value) => typeof value === 'number')).toBe(true);
    expect((x0 as number) > 100 && (x1 as number) < 512 && (y0 as number) < (y1 as number) && (y1 as number) < 120).toBe(true);
  });

  it.each([
    ['ruled', true],
    ['unruled', false],
  ])('turns a %s table drawn column by column into a Markdown table', async (_, ruled) => {
    const fixture = await tablePage(ruled);
    // A Buffer, as readFile gives (pdf.js itself refuses Buffers).
    const parsed = await parseDocument({ bytes: Buffer.from(fixture.bytes), name: 'table.pdf' });
    const truth = fixture.tables[0] as string[][];
    const cells = tableCellAccuracy(truth, parsed.markdown);
    const rawCells = tableCellAccuracy(truth, (await rawPdfText(fixture.bytes)).text);
    console.log(`${ruled ? 'ruled' : 'unruled'} table: cell accuracy ${cells.toFixed(4)} (raw pdf.js ${rawCells.toFixed(4)})`);
    expect(cells).toBe(1);
    const tables = parsed.pages[0]?.blocks?.filter((block) => block.kind === 'table') ?? [];
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ ruled, rows: truth });
    expect(readingOrderAccuracy(fixture.paragraphs, parsed.markdown)).toBe(1);
    expect(parsed.pages[0]?.blocks?.map((block) => block.kind)).toEqual(['paragraph', 'table', 'paragraph']);
  });

  it('finds a booktabs table (horizontal rules only) inside one column of a two-column page', async () => {
    const fixture = await columnTablePage();
    const parsed = await parseDocument({ bytes: fixture.bytes, name: 'results.pdf' });
    const cells = tableCellAccuracy(fixture.tables[0] as string[][], parsed.markdown);
    const order = readingOrderAccuracy(fixture.paragraphs, parsed.markdown);
    console.log(`table in a column: cell accuracy ${cells.toFixed(4)}, reading order ${order.toFixed(4)}`);
    expect(cells).toBe(1);
    expect(order).toBeGreaterThanOrEqual(0.99);
    expect(intactSpans(fixture.paragraphs, parsed.markdown)).toBe(fixture.paragraphs.length);
    expect(parsed.pages[0]?.blocks?.map((block) => block.kind)).toEqual([
      'paragraph',
      'table',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
  });

  it('levels headings by font size and keeps bullets as a list and Courier code as a fenced block', async () => {
    const parsed = await parseDocument({ bytes: (await manualPage()).bytes, name: 'manual.pdf' });
    expect(parsed.pages[0]?.markdown).toBe(MANUAL_PAGE_MARKDOWN);
    expect(parsed.pages[0]?.blocks?.map((block) => block.kind)).toEqual([
      'heading',
      'paragraph',
      'heading',
      'list-item',
      'list-item',
      'list-item',
      'heading',
      'code',
      'paragraph',
      'paragraph',
    ]);
  });

  it('turns web-link annotations into Markdown links, splitting merged runs at word boundaries', async () => {
    const parsed = await parseDocument({ bytes: await linkPage(), name: 'links.pdf' }, { links: true });
    expect(parsed.pages[0]?.markdown).toBe(
      'See the [project site](https://example.org/project) for details.\n\nDo not click here.\n\n' +
        'Read the guide at [https://example.org/docs/guide.html](https://example.org/docs/guide.html) before you start.',
    );
    const plain = await parseDocument({ bytes: await linkPage(), name: 'links.pdf' });
    expect(plain.pages[0]?.markdown).toMatch(/^See the project site for details\.\n/);
  });

  it('keeps the readable pages of a damaged PDF and says which page failed and why', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    for (const number of [1, 2, 3])
      document.addPage([300, 300]).drawText(`Page ${number} says hello`, { x: 20, y: 200, size: 12, font });
    const text = Buffer.from(await document.save({ useObjectStreams: false })).toString('latin1');
    // Overwrite the start of the second page's dictionary: its object is no longer a dictionary at all.
    const second = text.lastIndexOf('<<', text.indexOf('/Type /Page\n', text.indexOf('/Type /Page\n') + 1));
    const damaged = Buffer.from(`${text.slice(0, second)}${'A'.repeat(16)}${text.slice(second + 16)}`, 'latin1');
    const parsed = await parseDocument({ bytes: damaged, name: 'damaged.pdf' });
    expect(parsed.pages[0]).toMatchObject({ number: 1, markdown: 'Page 1 says hello' });
    expect(parsed.pages[0]?.error).toBeUndefined();
    const failed = parsed.pages.filter((page) => page.error !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ markdown: '', error: expect.stringMatching(/page/i) });
  });

  it('refuses a file that is not a PDF with INVALID_INPUT and the cause', async () => {
    const error = await parseDocument({ bytes: new TextEncoder().encode('not a pdf at all'), name: 'fake.pdf' }).catch(
      (caught) => caught,
    );
    expect(McpflowError.isInstance(error, 'INVALID_INPUT')).toBe(true);
    expect(error.message).toMatch(/cannot read the PDF/);
    expect(error.cause).toBeDefined();
  });
});
