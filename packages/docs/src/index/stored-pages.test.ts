import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';
import { fromStoredPages, toStoredPages } from './stored-pages.ts';

// As the PDF parser writes them: page markers in the document only, and a paragraph joined across the page break
// that appears on each page in halves.
const pdfMarkdown = [
  '<!-- page 1 -->',
  '# Title',
  'First page text that con- tinues on the next page',
  '<!-- page 2 -->',
  '| a | b |\n| --- | --- |\n| 1 | 2 |',
  'Last words.',
].join('\n\n');
const pdfPages = [
  { number: 1, markdown: '# Title\n\nFirst page text that con-' },
  { number: 2, markdown: 'tinues on the next page\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\nLast words.' },
];

it('stores pages as ranges of the document Markdown and gives them back exactly', () => {
  const cases: [string, { number: number; markdown: string }[]][] = [
    [pdfMarkdown, pdfPages],
    ['# One page\n\nAll of it.', [{ number: 1, markdown: '# One page\n\nAll of it.' }]],
    [
      'A\n\nB\n\nC',
      [
        { number: 1, markdown: 'A\n\n\n\nB' },
        { number: 2, markdown: '' },
        { number: 3, markdown: 'C\n\nD' },
      ],
    ],
  ];
  for (const [markdown, pages] of cases) {
    const stored = toStoredPages(markdown, pages);
    expect(fromStoredPages(markdown, stored)).toEqual(pages);
  }
  // The blocks the document holds are not repeated: only the half paragraph and its slice positions are.
  const stored = toStoredPages(pdfMarkdown, pdfPages);
  expect(stored).not.toContain('Last words');
  expect(stored).not.toContain('# Title');
  expect(stored.length).toBeLessThan(120);
});

it('keeps a document Markdown once in the file and reads pages stored inline by earlier versions', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-docs-pages-'));
  try {
    const path = join(directory, 'index.db');
    const store = createSqliteDocumentStore({ path });
    const base = { title: undefined, mediaType: 'application/pdf', bytes: 10, markdown: pdfMarkdown, pages: pdfPages };
    await store.upsert('docs', {
      ...base,
      id: 'new.pdf',
      sha256: 'n',
      chunks: [{ ordinal: 0, heading: '', page: 1, text: 'x' }],
    });
    await store.upsert('docs', {
      ...base,
      id: 'old.pdf',
      sha256: 'o',
      chunks: [{ ordinal: 0, heading: '', page: 1, text: 'y' }],
    });
    await store.close();
    const file = new DatabaseSync(path);
    const row = file.prepare("SELECT markdown, pages FROM document_bodies WHERE id = 'new.pdf'").get() as Record<string, string>;
    expect(row.markdown).toBe(pdfMarkdown);
    expect(row.pages).not.toContain('Last words');
    file.prepare("UPDATE document_bodies SET pages = ? WHERE id = 'old.pdf'").run(JSON.stringify(pdfPages));
    file.close();
    const reopened = createSqliteDocumentStore({ path });
    for (const id of ['new.pdf', 'old.pdf']) {
      expect(await reopened.read('docs', id)).toMatchObject({ markdown: pdfMarkdown, pages: pdfPages });
    }
    await reopened.close();
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
