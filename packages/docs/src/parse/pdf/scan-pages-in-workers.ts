import { Worker } from 'node:worker_threads';
import { McpflowError } from 'mcpflow';
import type { OcrOptions, ParseOptions } from '../parsed-document.ts';
import type { PageScan } from './scan-page.ts';
import type { ScanPagesJob } from './scan-pages-worker.ts';

/** A worker is worth its start-up (its own pdf.js, ~0.3 s) only with this many pages to scan. */
const PAGES_PER_WORKER = 12;

/** @internal How many workers to use for `pages` pages when `concurrency` are allowed (1: scan in this thread). */
export function workersFor(pages: number, concurrency: number): number {
  return Math.max(1, Math.min(Math.floor(concurrency), Math.floor(pages / PAGES_PER_WORKER)));
}

/**
 * @internal Scans pages 1..`total` in `workers` worker threads, each taking a contiguous range, and returns the scans in
 * page order. Progress is reported as pages finish in any worker; an abort or a failing worker stops them all.
 */
export async function scanPagesInWorkers(
  bytes: Uint8Array,
  total: number,
  workers: number,
  ocr: OcrOptions | undefined,
  options: Pick<ParseOptions, 'signal' | 'onPage'>,
): Promise<PageScan[]> {
  // Tests and scripts run the TypeScript sources; the published package runs the compiled JavaScript.
  const url = new URL(`./scan-pages-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const scans: PageScan[] = [];
  const threads: Worker[] = [];
  let done = 0;
  const size = Math.ceil(total / workers);
  const ranges = Array.from({ length: workers }, (_, index) => [index * size + 1, Math.min(total, (index + 1) * size)] as const);
  const stopAll = () => {
    for (const thread of threads) void thread.terminate();
  };
  options.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.all(
      ranges.map(
        ([from, to]) =>
          new Promise<void>((resolve, reject) => {
            const job: ScanPagesJob = { bytes, from, to, ocr };
            const thread = new Worker(url, { workerData: job });
            threads.push(thread);
            thread.on('message', (message: { scan: PageScan }) => {
              scans[message.scan.number - 1] = message.scan;
              done += 1;
              options.onPage?.(done, total);
            });
            thread.on('error', (error) => {
              stopAll();
              reject(error);
            });
            thread.on('exit', (code) => {
              if (options.signal?.aborted) reject(options.signal.reason);
              else if (code === 0) resolve();
              else
                reject(new McpflowError('INVALID_INPUT', `a PDF worker stopped with exit code ${code} on pages ${from}-${to}`));
            });
          }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
  }
  return scans;
}
