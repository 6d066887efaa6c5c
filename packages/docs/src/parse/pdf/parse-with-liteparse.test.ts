import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { intactSpans, readingOrderAccuracy, tableCellAccuracy } from '../../test-support/parse-quality.ts';
import { tablePage, twoColumnPaper } from '../../test-support/pdf-fixtures.ts';
import { parseDocument } from '../parse-document.ts';

const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('@llamaindex/liteparse');
    return true;
  } catch {
    return false;
  }
})();
if (!installed) console.warn('SKIPPED: @llamaindex/liteparse is not installed, so the liteparse backend is not tested');

/** The optional LiteParse backend, on the same fixtures as the layout pass (its numbers are printed alongside). */
describe.skipIf(!installed)('the liteparse PDF backend', () => {
  it('parses the two-column paper and the tables through @llamaindex/liteparse', async () => {
    const paper = await twoColumnPaper();
    const parsed = await parseDocument({ bytes: paper.bytes, name: 'paper.pdf' }, { pdfBackend: 'liteparse' });
    const order = readingOrderAccuracy(paper.paragraphs, parsed.markdown.replace(/^#.*$/gm, ''));
    const intact = intactSpans(paper.paragraphs, parsed.markdown);
    const cells: number[] = [];
    for (const ruled of [true, false]) {
      const fixture = await tablePage(ruled);
      const table = await parseDocument({ bytes: fixture.bytes, name: 'table.pdf' }, { pdfBackend: 'liteparse' });
      cells.push(tableCellAccuracy(fixture.tables[0] as string[][], table.markdown));
    }
    console.log(
      `liteparse: reading order ${order.toFixed(4)}, intact paragraphs ${intact}/${paper.paragraphs.length}, ` +
        `table cells ruled ${cells[0]?.toFixed(4)} unruled ${cells[1]?.toFixed(4)}`,
    );
    expect(parsed.pages).toHaveLength(3);
    expect(parsed.metadata.pageCount).toBe(3);
    expect(parsed.markdown).toContain('<!-- page 2 -->');
    expect(order).toBeGreaterThan(0.5);
  });
});
