import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { describe, expect, it } from 'vitest';
import { indexDirectory } from '../../files/index-directory.ts';
import { createSqliteDocumentStore } from '../../index/create-sqlite-document-store.ts';
import { createDocsServer } from '../../server/create-docs-server.ts';
import { wordReport } from '../../test-support/office-fixtures.ts';
import { PAGED_WORD_TEXT, pagedWordDocument } from '../../test-support/paged-word-document.ts';
import { parseDocument } from '../parse-document.ts';
import { splitMarkedPages } from './docx-page-breaks.ts';

const E = '\uE000';
const R = '\uE001';

/** Each page's Markdown holds its ground-truth lines, in order, and no line of another page. */
function expectPages(pages: readonly { markdown: string }[], expected: readonly (readonly string[])[]) {
  expect(pages).toHaveLength(expected.length);
  for (const [index, lines] of expected.entries()) {
    const markdown = pages[index]?.markdown ?? '';
    const positions = lines.map((line) => markdown.indexOf(line));
    expect(positions, `page ${index + 1}: ${markdown}`).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const others = expected.flatMap((other, at) => (at === index ? [] : other));
    for (const line of others) expect(markdown, `page ${index + 1}`).not.toContain(line);
  }
}

describe('DOCX pages', () => {
  it('cuts pages at a page break, pageBreakBefore (paragraph and style) and a next-page section, not a continuous one', async () => {
    const parsed = await parseDocument({ bytes: await pagedWordDocument(), name: 'paged.docx' });
    expectPages(parsed.pages, PAGED_WORD_TEXT);
    expect(parsed.pages.map((page) => page.number)).toEqual([1, 2, 3, 4, 5]);
    expect(parsed.metadata.pageCount).toBe(5);
    expect(parsed.markdown).toBe(parsed.pages.map((page) => page.markdown).join('\n\n'));
    expect(parsed.markdown).not.toMatch(/[\uE000\uE001]/);
  });

  it("adds Word's rendered page breaks, counting the one Word writes after an explicit break once", async () => {
    const parsed = await parseDocument({ bytes: await pagedWordDocument({ rendered: true }), name: 'paged.docx' });
    expectPages(parsed.pages, [
      ...PAGED_WORD_TEXT.slice(0, 4),
      ['# Appendix', 'A new section starts on a new page.', 'A continuous section stays'],
      ['on the same page.'],
    ]);
  });

  it('keeps a document without breaks as one page, as before', async () => {
    const parsed = await parseDocument({ bytes: await wordReport(), name: 'report.docx' });
    expect(parsed.pages).toEqual([{ number: 1, markdown: parsed.markdown }]);
  });

  it('splits marked Markdown keeping headings, emphasis and table rows whole', () => {
    expect(splitMarkedPages(`One.\n\n# ${E}${R}Two\n\nText.`)).toEqual(['One.', '# Two\n\nText.']);
    expect(splitMarkedPages(`Plain words ${R}go on.`)).toEqual(['Plain words', 'go on.']);
    expect(splitMarkedPages(`Some **bold ${R}words** here.\n\nNext.`)).toEqual(['Some **bold words** here.', 'Next.']);
    expect(splitMarkedPages(`| a | b${R} |\n| c | d |`)).toEqual(['| a | b |', '| c | d |']);
    expect(splitMarkedPages(`End.**${E}**\n\nStart.`)).toEqual(['End.', 'Start.']);
    // Two hard breaks in a row leave a blank page (Word's rendered markers after each are the same breaks).
    expect(splitMarkedPages(`A${E}\n\n${R}${E}\n\n${R}B`)).toEqual(['A', '', 'B']);
  });

  it('gives chunks their page numbers and serves page ranges through read_document', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'mcpflow-docx-pages-'));
    const store = createSqliteDocumentStore({ path: ':memory:' });
    try {
      await writeFile(join(folder, 'paged.docx'), await pagedWordDocument());
      expect(await indexDirectory(store, folder, { index: 'docs', roots: [folder] })).toMatchObject({ added: 1, failed: [] });
      const hits = await store.search('docs', 'continuous section', { limit: 1 });
      expect(hits[0]).toMatchObject({ documentId: 'paged.docx', page: 5, heading: 'Appendix' });
      expect((await store.search('docs', 'hard page break', { limit: 1 }))[0]?.page).toBe(2);
      const http = await serveHttp(createDocsServer({ store, roots: [folder] }));
      const client = new Client({ name: 'docx-pages', version: '1.0.0' });
      try {
        await client.connect(new StreamableHTTPClientTransport(http.url));
        const result = await client.callTool({
          name: 'read_document',
          arguments: { index: 'docs', id: 'paged.docx', fromPage: 3, toPage: 4 },
        });
        const read = result.structuredContent as { totalPages: number; pages: { number: number }[]; markdown: string };
        expect(read.totalPages).toBe(5);
        expect(read.pages.map((page) => page.number)).toEqual([3, 4]);
        expect(read.markdown).toContain('# Chapter Two');
        expect(read.markdown).toContain('Styled Chapter');
        expect(read.markdown).not.toContain('Appendix');
      } finally {
        await client.close();
        await http.close();
      }
    } finally {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
