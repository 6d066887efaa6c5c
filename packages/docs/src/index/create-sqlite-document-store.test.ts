import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from './chunk-markdown.ts';
import { createSqliteDocumentStore } from './create-sqlite-document-store.ts';

const version = (id: string, markdown: string, sha256 = `sha-${markdown.length}`) => ({
  id,
  title: undefined,
  mediaType: 'text/markdown',
  sha256,
  bytes: markdown.length,
  markdown,
  chunks: chunkMarkdown(markdown),
});

describe('the SQLite document store', () => {
  it('re-indexes incrementally by content hash, deletes, and searches with BM25 and filters', async () => {
    const store = createSqliteDocumentStore({ path: ':memory:' });
    expect(await store.upsert('docs', version('guides/logs.md', '# Logs\n\nRotate log files every night with logrotate.'))).toBe(
      'added',
    );
    expect(await store.upsert('docs', version('guides/disks.md', '# Disks\n\nCheck free disk space with df.'))).toBe('added');
    expect(await store.upsert('docs', version('notes/cron.md', '# Cron\n\nSchedule jobs nightly.'))).toBe('added');
    expect(await store.upsert('docs', version('guides/logs.md', '# Logs\n\nRotate log files every night with logrotate.'))).toBe(
      'unchanged',
    );

    const hits = await store.search('docs', 'rotating logs');
    expect(hits[0]).toMatchObject({ documentId: 'guides/logs.md', heading: 'Logs' });
    expect((await store.search('docs', 'disk', { filter: { idPrefix: 'notes/' } })).length).toBe(0);
    expect(await store.search('docs', '"); DROP TABLE chunks; -- NEAR( OR * ^')).toEqual([]);

    expect(
      await store.upsert('docs', version('guides/logs.md', '# Logs\n\nArchive old journals with journalctl.', 'sha-new')),
    ).toBe('updated');
    expect((await store.search('docs', 'logrotate')).length).toBe(0);
    expect((await store.search('docs', 'journalctl'))[0]?.documentId).toBe('guides/logs.md');

    expect(await store.delete('docs', 'notes/cron.md')).toBe(true);
    expect(await store.delete('docs', 'notes/cron.md')).toBe(false);
    expect((await store.search('docs', 'schedule')).length).toBe(0);
    expect((await store.list('docs')).map((document) => document.id)).toEqual(['guides/disks.md', 'guides/logs.md']);
    expect(await store.indexes()).toEqual([{ name: 'docs', documents: 2, chunks: 2 }]);
    expect((await store.read('docs', 'guides/disks.md'))?.markdown).toContain('df');
    store.close();
  });
});
