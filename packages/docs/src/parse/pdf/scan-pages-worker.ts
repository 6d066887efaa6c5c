// A pooled worker thread that scans ranges of PDF pages (see scan-pages-in-workers.ts). It stays up between jobs, so
// its pdf.js is compiled and warmed once, not per document.
import { parentPort } from 'node:worker_threads';
import type { OcrOptions } from '../parsed-document.ts';
import { loadPdfjs } from './load-pdfjs.ts';
import { createPageOcr } from './ocr-page.ts';
import { openPdf, scanPageNumber } from './scan-page.ts';

/** @internal A job for the worker: scan pages `from`..`to` of `bytes`. */
export interface ScanPagesJob {
  id: number;
  bytes: Uint8Array;
  from: number;
  to: number;
  ocr: OcrOptions | undefined;
  links: boolean;
  password?: string;
}

/** @internal What the worker posts back: a page's scan, the end of a job, or its failure. */
export type ScanPagesReply = { id: number; scan: unknown } | { id: number; done: true } | { id: number; error: string };

const port = parentPort;
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

async function run(job: ScanPagesJob): Promise<void> {
  if (port === null) return;
  const pdfjs = await loadPdfjs();
  const { document, close } = await openPdf(pdfjs, job.bytes, job.password);
  const ocr = job.ocr === undefined ? undefined : createPageOcr(job.ocr);
  try {
    for (let number = job.from; number <= job.to && !cancelled.has(job.id); number++) {
      const scan = await scanPageNumber(pdfjs, document, number, ocr, job.links);
      // The runs behind each fragment are not needed past the page: do not copy them across threads.
      port.postMessage({
        id: job.id,
        scan: { ...scan, fragments: scan.fragments.map((fragment) => ({ ...fragment, runs: [] })) },
      });
    }
  } finally {
    await ocr?.close();
    await close();
    cancelled.delete(job.id);
  }
}

port?.on('message', (message: ScanPagesJob | { cancel: number }) => {
  if ('cancel' in message) {
    cancelled.add(message.cancel);
    return;
  }
  queue = queue.then(() =>
    run(message).then(
      () => port.postMessage({ id: message.id, done: true }),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    ),
  );
});
