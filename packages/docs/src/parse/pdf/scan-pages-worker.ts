// A pooled worker thread that helps scan one PDF's pages (see scan-pages-in-workers.ts). It stays up between jobs while
// parses keep coming, so its pdf.js is compiled and warmed once, not per document.
import { parentPort } from 'node:worker_threads';
import type { OcrOptions } from '../parsed-document.ts';
import { claimChunk, claimsStopped } from './claim-chunk.ts';
import { loadPdfjs } from './load-pdfjs.ts';
import { createPageOcr } from './ocr-page.ts';
import { openPdf, type PageScan, scanPagesInOrder } from './scan-page.ts';

/**
 * @internal A job for the worker: scan pages of `bytes`, a chunk at a time, taking the next chunk's index from the
 * counter every scanning thread shares (`claims[0]`), until the chunks run out or `claims[1]` says stop.
 */
export interface ScanPagesJob {
  id: number;
  bytes: Uint8Array;
  total: number;
  chunk: number;
  /** `Int32Array` over a `SharedArrayBuffer`: [next chunk index, stop flag]. */
  claims: Int32Array;
  ocr: OcrOptions | undefined;
  links: boolean;
  password?: string;
}

/** @internal What the worker posts back: a page's scan, the end of a job, or its failure. */
export type ScanPagesReply = { id: number; scan: unknown } | { id: number; done: true } | { id: number; error: string };

const port = parentPort;
let queue: Promise<void> = Promise.resolve();

async function run(job: ScanPagesJob): Promise<void> {
  if (port === null) return;
  const pdfjs = await loadPdfjs();
  const { document, close } = await openPdf(pdfjs, job.bytes, job.password);
  const ocr = job.ocr === undefined ? undefined : createPageOcr(job.ocr);
  try {
    const next = () => !claimsStopped(job.claims);
    // The runs behind each fragment are not needed past the page: do not copy them across threads.
    const onScan = (scan: PageScan) =>
      port.postMessage({
        id: job.id,
        scan: { ...scan, fragments: scan.fragments.map((fragment) => ({ ...fragment, runs: [] })) },
      });
    for (let range = claimChunk(job.claims, job.chunk, job.total); range !== undefined; ) {
      await scanPagesInOrder(pdfjs, document, range, { ocr, links: job.links, next, onScan });
      range = claimChunk(job.claims, job.chunk, job.total);
    }
  } finally {
    await ocr?.close();
    await close();
  }
}

port?.on('message', (message: ScanPagesJob) => {
  queue = queue.then(() =>
    run(message).then(
      () => port.postMessage({ id: message.id, done: true }),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    ),
  );
});
