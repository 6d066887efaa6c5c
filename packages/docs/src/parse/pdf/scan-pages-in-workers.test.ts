import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoColumnPaper } from '../../test-support/pdf-fixtures.ts';
import { parsePdf } from './parse-pdf.ts';
import { closePdfWorkers, pdfWorkerCount, workersFor } from './scan-pages-in-workers.ts';

describe('scanning PDF pages in worker threads', () => {
  let bytes: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    bytes = (await twoColumnPaper(24)).bytes;
  });
  afterAll(() => closePdfWorkers());

  it('uses another thread only for every 12 pages, up to the concurrency allowed', () => {
    expect([workersFor(5, 4), workersFor(24, 4), workersFor(40, 2), workersFor(100, 4)]).toEqual([1, 2, 2, 4]);
  });

  it('gives the same document as scanning in this thread, with progress for every page', { timeout: 60_000 }, async () => {
    const here = await parsePdf(bytes, { concurrency: 1 });
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

  it('stops idle workers, and keeps them while parses keep coming', { timeout: 60_000 }, async () => {
    await closePdfWorkers(300);
    await parsePdf(bytes, { concurrency: 2 });
    expect(pdfWorkerCount()).toBe(1);
    await sleep(100);
    await parsePdf(bytes, { concurrency: 2 });
    expect(pdfWorkerCount()).toBe(1);
    await sleep(600);
    expect(pdfWorkerCount()).toBe(0);
  });

  it('loses no page when a worker dies mid-parse: this thread scans what it left', { timeout: 60_000 }, async () => {
    const here = await parsePdf(bytes, { concurrency: 1 });
    await parsePdf(bytes, { concurrency: 2 }); // a warm worker takes its first pages at once
    let killed = false;
    const threaded = await parsePdf(bytes, {
      concurrency: 2,
      // Half-way, the worker is busy with pages it has claimed (the last parse left it warm).
      onPage: (done) => {
        if (killed || done < 12) return;
        killed = true;
        void closePdfWorkers();
      },
    });
    expect(killed).toBe(true);
    expect(threaded.markdown).toBe(here.markdown);
    expect(threaded.pages).toEqual(here.pages);
    expect(pdfWorkerCount()).toBe(0);
  });

  it('scans in two threads by default where there are two cores, in one otherwise', { timeout: 60_000 }, async () => {
    await closePdfWorkers();
    await parsePdf(bytes);
    expect(pdfWorkerCount()).toBe(availableParallelism() > 1 ? 1 : 0);
    await closePdfWorkers();
    await parsePdf(bytes, { concurrency: 1 });
    expect(pdfWorkerCount()).toBe(0);
  });
});
