import { beforeAll, describe, expect, it } from 'vitest';
import { twoColumnPaper } from '../../test-support/pdf-fixtures.ts';
import { parsePdf } from './parse-pdf.ts';
import { workersFor } from './scan-pages-in-workers.ts';

describe('scanning PDF pages in worker threads', () => {
  let bytes: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    bytes = (await twoColumnPaper(24)).bytes;
  });

  it('uses a worker only for every 12 pages, up to the concurrency allowed', () => {
    expect([workersFor(5, 4), workersFor(24, 4), workersFor(40, 2), workersFor(100, 4)]).toEqual([1, 2, 2, 4]);
  });

  it('gives the same document as scanning in this thread, with progress for every page', { timeout: 60_000 }, async () => {
    const here = await parsePdf(bytes);
    const pages: number[] = [];
    const threaded = await parsePdf(bytes, { concurrency: 2, onPage: (done) => pages.push(done) });
    expect(threaded.markdown).toBe(here.markdown);
    expect(threaded.pages).toEqual(here.pages);
    expect(pages).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
  });

  it('stops the workers when the parse is aborted', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const parsing = parsePdf(bytes, {
      concurrency: 2,
      signal: controller.signal,
      onPage: () => controller.abort(new Error('enough')),
    });
    await expect(parsing).rejects.toThrow('enough');
  });
});
