import { McpflowError } from 'mcpflow';
import { describe, expect, it } from 'vitest';
import { OFFICE_TABLE, slideDeck, wordReport, workbook } from '../../test-support/office-fixtures.ts';
import { tableCellAccuracy } from '../../test-support/parse-quality.ts';
import { parseDocument } from '../parse-document.ts';

/** Office documents made by generator libraries (docx, pptxgenjs, exceljs), parsed back with known ground truth. */
describe('Office formats', () => {
  it('turns a Word report into Markdown headings, list, emphasis and table', async () => {
    const parsed = await parseDocument({ bytes: await wordReport(), name: 'report.docx' });
    const headings = [...parsed.markdown.matchAll(/^(#+) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(headings).toEqual(['# Quarterly Engineering Report', '## Highlights', '## Status by component']);
    expect(parsed.markdown).toContain('the **document parser**.');
    expect(parsed.markdown).toMatch(/^- PDF layout analysis\n- Office formats$/m);
    const cells = tableCellAccuracy(OFFICE_TABLE, parsed.markdown);
    console.log(`docx: table-cell accuracy ${cells.toFixed(4)}`);
    expect(cells).toBe(1);
    expect(parsed).toMatchObject({ title: 'Quarterly Engineering Report', metadata: { author: 'Fixture Author', pageCount: 1 } });
  });

  it('turns a deck into one section and one page per slide, with bullets, notes and the table', async () => {
    const parsed = await parseDocument({ bytes: await slideDeck(), name: 'deck.pptx' });
    expect(parsed.pages.map((page) => page.title)).toEqual(['Project Review', 'Goals', 'Status']);
    expect(parsed.pages[0]?.markdown).toBe('## Project Review\n\nWhere the document services stand');
    expect(parsed.pages[1]?.markdown).toBe(
      '## Goals\n\n- Parse every common format\n- Keep tables whole\n\nNotes: Mention the benchmark results.',
    );
    const cells = tableCellAccuracy(OFFICE_TABLE, parsed.pages[2]?.markdown ?? '');
    console.log(`pptx: table-cell accuracy ${cells.toFixed(4)}`);
    expect(cells).toBe(1);
    expect(parsed).toMatchObject({ title: 'Project Review', metadata: { author: 'Fixture Author', pageCount: 3 } });
  });

  it('turns a workbook into one table per sheet, with formula results, dates and percentages', async () => {
    const parsed = await parseDocument({ bytes: await workbook(), name: 'sales.xlsx' });
    expect(parsed.pages.map((page) => page.title)).toEqual(['Sales', 'Team', 'Empty']);
    const sales = [
      ['Region', 'Units', 'Price', 'Total', 'Shipped', 'Margin'],
      ['North', '12', '2.5', '30', '2026-01-15', '12.5%'],
      ['South', '7', '4', '28', '2026-02-28', '20%'],
    ];
    const cells =
      (tableCellAccuracy(sales, parsed.pages[0]?.markdown ?? '') +
        tableCellAccuracy(OFFICE_TABLE, parsed.pages[1]?.markdown ?? '')) /
      2;
    console.log(`xlsx: table-cell accuracy ${cells.toFixed(4)}`);
    expect(cells).toBe(1);
    expect(parsed.pages[2]?.markdown).toBe('## Empty');
    expect(parsed).toMatchObject({ title: 'Sales Figures', metadata: { author: 'Fixture Author', pageCount: 3 } });
  });

  it.each(['report.docx', 'deck.pptx', 'sales.xlsx'])(
    'refuses a %s that is not a ZIP package with INVALID_INPUT',
    async (name) => {
      const error = await parseDocument({ bytes: new TextEncoder().encode('plain text'), name }).catch((caught) => caught);
      expect(McpflowError.isInstance(error, 'INVALID_INPUT')).toBe(true);
      expect(error.message).toMatch(/not a valid ZIP package/);
    },
  );
});
