import { McpflowError } from 'mcpflow';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import type { Embedder } from '../embed/embedder.ts';
import { chunkPages } from '../index/chunk-pages.ts';
import type { DocumentStore, DocumentVersion, MetadataValue } from '../index/document-store.ts';

/** Fresh, empty backing storage (a file, a schema) that stores can be opened over, again and again. */
export interface StoreStorage {
  open(embedder?: Embedder): Promise<DocumentStore>;
  dispose(): Promise<void>;
}

/** @internal A document version from Markdown pages. */
export function versionOf(
  id: string,
  pages: string[],
  options: { sha256?: string; mediaType?: string; metadata?: Record<string, MetadataValue> } = {},
): DocumentVersion {
  const numbered = pages.map((markdown, index) => ({ number: index + 1, markdown }));
  return {
    id,
    title: undefined,
    mediaType: options.mediaType ?? 'text/markdown',
    sha256: options.sha256 ?? `sha-${pages.join('\f')}`,
    bytes: pages.join('').length,
    markdown: pages.join('\n\n'),
    pages: numbered,
    chunks: chunkPages(numbered),
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
  };
}

const logs = versionOf('guides/logs.md', ['# Logs\n\nRotate log files every night with logrotate.'], {
  metadata: { team: 'ops', year: 2026, public: true },
});
const disks = versionOf('guides/disks.md', ['# Disks\n\nCheck free disk space with df.', '## Quotas\n\nLimit users.'], {
  metadata: { team: 'ops', year: 2025, public: false },
});
const cron = versionOf('notes/cron.html', ['# Cron\n\nSchedule jobs nightly.'], {
  mediaType: 'text/html',
  metadata: { team: 'dev', year: 2026, public: true },
});

/**
 * The conformance suite every {@link DocumentStore} passes (style rule 6: one shared suite for all implementations).
 * `createStorage` returns fresh storage per test; `undefined` skips the suite (the caller says why, loudly).
 */
export function describeDocumentStore(name: string, createStorage: () => Promise<StoreStorage | undefined>): void {
  describe(`${name} (document store conformance)`, () => {
    let storage: StoreStorage | undefined;
    const stores: DocumentStore[] = [];
    const open = async (embedder?: Embedder) => {
      storage ??= await createStorage();
      if (storage === undefined) return undefined;
      const store = await storage.open(embedder);
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await storage?.dispose();
      storage = undefined;
    });

    it('re-indexes incrementally by content hash, replaces chunks on update, and deletes', async (context) => {
      const store = await open();
      if (store === undefined) return context.skip();
      expect(store.capabilities.vector).toBe('none');
      expect(await store.upsert('docs', logs)).toBe('added');
      expect(await store.upsert('docs', disks)).toBe('added');
      expect(await store.upsert('docs', cron)).toBe('added');
      expect(await store.upsert('docs', logs)).toBe('unchanged');
      const reordered = { ...logs, metadata: { public: true, year: 2026, team: 'ops' } };
      expect(await store.upsert('docs', reordered)).toBe('unchanged');
      expect(await store.upsert('docs', { ...logs, metadata: { team: 'dev', year: 2026, public: true } })).toBe('updated');
      expect((await store.list('docs', { metadata: { team: 'dev' } })).map((document) => document.id)).toEqual([
        'guides/logs.md',
        'notes/cron.html',
      ]);
      expect(await store.upsert('docs', logs)).toBe('updated');
      expect(await store.upsert('other', logs)).toBe('added');

      const updated = versionOf('guides/logs.md', ['# Logs\n\nArchive old journals with journalctl.'], { sha256: 'new' });
      expect(await store.upsert('docs', updated)).toBe('updated');
      expect(await store.search('docs', 'logrotate')).toEqual([]);
      expect((await store.search('docs', 'journalctl'))[0]?.documentId).toBe('guides/logs.md');
      expect((await store.search('other', 'logrotate'))[0]?.documentId).toBe('guides/logs.md');

      expect(await store.delete('docs', 'notes/cron.html')).toBe(true);
      expect(await store.delete('docs', 'notes/cron.html')).toBe(false);
      expect(await store.search('docs', 'schedule')).toEqual([]);
      expect((await store.list('docs')).map((document) => document.id)).toEqual(['guides/disks.md', 'guides/logs.md']);
      expect(await store.indexes()).toEqual([
        { name: 'docs', documents: 2, chunks: 3 },
        { name: 'other', documents: 1, chunks: 1 },
      ]);
      expect(await store.deleteIndex('other')).toBe(1);
      expect((await store.indexes()).map((index) => index.name)).toEqual(['docs']);
    });

    it('reads documents back with their pages and metadata', async (context) => {
      const store = await open();
      if (store === undefined) return context.skip();
      await store.upsert('docs', disks);
      const found = await store.read('docs', 'guides/disks.md');
      expect(found?.pages.map((page) => page.number)).toEqual([1, 2]);
      expect(found?.pages[1]?.markdown).toContain('Limit users');
      expect(found?.markdown).toContain('df');
      expect(found?.document).toMatchObject({ chunks: 2, pages: 2, mediaType: 'text/markdown' });
      expect(found?.document.metadata).toEqual({ team: 'ops', year: 2025, public: false });
      expect(await store.read('docs', 'missing.md')).toBeUndefined();
    });

    it('ranks by BM25 with headings, carries headings across pages, and survives hostile query text', async (context) => {
      const store = await open();
      if (store === undefined) return context.skip();
      for (const version of [logs, disks, cron]) await store.upsert('docs', version);
      expect((await store.search('docs', 'rotating logs'))[0]).toMatchObject({
        documentId: 'guides/logs.md',
        heading: 'Logs',
        page: 1,
        bm25Rank: 1,
      });
      expect((await store.search('docs', 'quotas users'))[0]).toMatchObject({ heading: 'Disks > Quotas', page: 2 });
      expect(await store.search('docs', '"); DROP TABLE chunks; -- NEAR( OR * ^ \' || ! & :')).toEqual([]);
      expect(await store.search('docs', '')).toEqual([]);
      expect((await store.search('docs', 'nightly', { limit: 1 })).length).toBe(1);
    });

    it('filters by id prefix, media type and metadata, in every search mode', async (context) => {
      const store = await open(createHashingEmbedder({ dimensions: 64 }));
      if (store === undefined) return context.skip();
      for (const version of [logs, disks, cron]) await store.upsert('docs', version);
      for (const mode of ['bm25', 'vector', 'hybrid'] as const) {
        const ids = async (filter: object) =>
          [
            ...new Set(
              (await store.search('docs', 'nightly disk logs', { mode, filter, limit: 20 })).map((hit) => hit.documentId),
            ),
          ].sort();
        expect(await ids({ idPrefix: 'notes/' })).toEqual(['notes/cron.html']);
        expect(await ids({ mediaType: 'text/html' })).toEqual(['notes/cron.html']);
        expect(await ids({ metadata: { team: 'ops' } })).toEqual(['guides/disks.md', 'guides/logs.md']);
        expect(await ids({ metadata: { year: 2026, public: true } })).toEqual(['guides/logs.md', 'notes/cron.html']);
        expect(await ids({ metadata: { public: false } })).toEqual(['guides/disks.md']);
        expect(await ids({ metadata: { year: '2026' } })).toEqual([]);
        expect(await ids({ metadata: { 'odd"key\\': 1 } })).toEqual([]);
      }
      expect((await store.list('docs', { metadata: { team: 'dev' } })).map((document) => document.id)).toEqual([
        'notes/cron.html',
      ]);
    });

    it('finds by vector what BM25 misses, and fuses both lists in hybrid mode', async (context) => {
      const store = await open(createHashingEmbedder({ dimensions: 256 }));
      if (store === undefined) return context.skip();
      expect(store.capabilities.vector).not.toBe('none');
      expect(store.capabilities.embedder).toBe('hashing-v1@256');
      for (const version of [logs, disks, cron]) await store.upsert('docs', version);
      // A misspelling shares character n-grams with "logrotate" but no whole word with any chunk.
      expect(await store.search('docs', 'logrotat', { mode: 'bm25' })).toEqual([]);
      const [nearest] = await store.search('docs', 'logrotat', { mode: 'vector' });
      expect(nearest).toMatchObject({ documentId: 'guides/logs.md', vectorRank: 1 });
      const hybrid = await store.search('docs', 'logrotat schedule', { mode: 'hybrid' });
      expect(
        hybrid
          .map((hit) => hit.documentId)
          .slice(0, 2)
          .sort(),
      ).toEqual(['guides/logs.md', 'notes/cron.html']);
      expect(hybrid.find((hit) => hit.documentId === 'notes/cron.html')?.bm25Rank).toBe(1);
      for (const hit of hybrid) {
        const expected = (hit.bm25Rank ? 1 / (60 + hit.bm25Rank) : 0) + (hit.vectorRank ? 1 / (60 + hit.vectorRank) : 0);
        expect(hit.score).toBeCloseTo(expected, 9);
      }
      expect(hybrid.map((hit) => hit.score)).toEqual(hybrid.map((hit) => hit.score).sort((left, right) => right - left));
      const vectorOnly = await store.search('docs', 'logrotat schedule', { mode: 'hybrid', weights: { bm25: 0, vector: 1 } });
      const vectorOrder = await store.search('docs', 'logrotat schedule', { mode: 'vector', limit: 10 });
      expect(vectorOnly.map((hit) => hit.ordinal + hit.documentId)).toEqual(
        vectorOrder.map((hit) => hit.ordinal + hit.documentId),
      );
      expect((await store.search('docs', 'logrotat schedule')).map((hit) => hit.documentId)).toEqual(
        hybrid.map((hit) => hit.documentId),
      );
      await store.upsert('docs', versionOf('guides/logs.md', ['# Misc\n\nNothing here.'], { sha256: 'other' }));
      expect((await store.search('docs', 'logrotat', { mode: 'vector' }))[0]?.documentId).not.toBe('guides/logs.md');
      await store.delete('docs', 'guides/disks.md');
      const remaining = await store.search('docs', 'disk space quotas', { mode: 'vector', limit: 20 });
      expect(remaining.some((hit) => hit.documentId === 'guides/disks.md')).toBe(false);
    });

    it('without an embedder: refuses vector search, falls back to BM25, and cannot be opened with one later', async (context) => {
      const store = await open();
      if (store === undefined) return context.skip();
      await expect(store.search('docs', 'logs', { mode: 'vector' })).rejects.toSatisfy(
        (error) => McpflowError.isInstance(error) && error.code === 'INVALID_INPUT',
      );
      await store.upsert('docs', logs);
      expect((await store.search('docs', 'logrotate', { mode: 'hybrid' }))[0]?.documentId).toBe('guides/logs.md');
      await store.close();
      await expect(open(createHashingEmbedder({ dimensions: 64 }))).rejects.toSatisfy(
        (error) => McpflowError.isInstance(error) && error.code === 'CONFIG_INVALID',
      );
    });

    it('refuses to mix vectors of different embedders', async (context) => {
      const embedded = await open(createHashingEmbedder({ dimensions: 64 }));
      if (embedded === undefined) return context.skip();
      await embedded.upsert('docs', disks);
      await embedded.close();
      await expect(open(createHashingEmbedder({ dimensions: 128 }))).rejects.toSatisfy(
        (error) => McpflowError.isInstance(error) && error.code === 'CONFIG_INVALID',
      );
      const plain = (await open()) as DocumentStore;
      expect((await plain.search('docs', 'quotas'))[0]?.documentId).toBe('guides/disks.md');
      await expect(plain.upsert('docs', cron)).rejects.toSatisfy(
        (error) => McpflowError.isInstance(error) && error.code === 'CONFIG_INVALID',
      );
    });
  });
}
