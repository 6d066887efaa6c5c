import { Worker } from 'node:worker_threads';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { OcrOptions, ParseOptions } from '../parsed-document.ts';
import { claimChunk, stopClaims } from './claim-chunk.ts';
import type { Pdfjs } from './load-pdfjs.ts';
import type { PageOcr } from './ocr-page.ts';
import { type PageScan, scanPageNumber, scanPagesInOrder } from './scan-page.ts';
import type { ScanPagesJob, ScanPagesReply } from './scan-pages-worker.ts';

/** Another thread is worth starting only with this many pages for each scanning thread. */
const PAGES_PER_THREAD = 12;
/** The most pages a thread claims at once: few enough to keep threads even, enough to share fonts between pages. */
const MAX_CHUNK = 8;

/** An idle worker is stopped after this long (ms) without a job; back-to-back parses find it warm. */
let idleMilliseconds = 10_000;

/**
 * @internal How many threads (this one included) scan `pages` pages when `concurrency` are allowed; 1: only this one.
 */
export function workersFor(pages: number, concurrency: number): number {
  return Math.max(1, Math.min(Math.floor(concurrency), Math.floor(pages / PAGES_PER_THREAD)));
}

interface PooledWorker {
  thread: Worker;
  jobs: Map<number, (reply: ScanPagesReply | { crash: Error }) => void>;
  idle?: NodeJS.Timeout;
}

/** Workers stay up between parses (pdf.js compiled and warmed once) until idle; they never keep the process alive. */
const pool: PooledWorker[] = [];
let nextId = 1;

function retire(worker: PooledWorker): Promise<number> {
  const index = pool.indexOf(worker);
  if (index >= 0) pool.splice(index, 1);
  clearTimeout(worker.idle);
  return worker.thread.terminate();
}

function startWorker(): PooledWorker {
  // Tests and scripts run the TypeScript sources; the published package runs the compiled JavaScript.
  const url = new URL(`./scan-pages-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const worker: PooledWorker = { thread: new Worker(url), jobs: new Map() };
  worker.thread.unref();
  const crash = (error: Error) => {
    void retire(worker);
    for (const handler of [...worker.jobs.values()]) handler({ crash: error });
  };
  worker.thread.on('message', (reply: ScanPagesReply) => worker.jobs.get(reply.id)?.(reply));
  worker.thread.on('error', crash);
  worker.thread.on('exit', (code) => crash(new Error(`a PDF worker thread stopped (exit code ${code})`)));
  pool.push(worker);
  return worker;
}

/**
 * Runs one job on a worker, calling `onScan` for each page as it comes. Resolves when the worker is done — also when it
 * failed or died: the pages it did not return are scanned in this thread, so a lost worker loses no page.
 */
function runJob(worker: PooledWorker, job: Omit<ScanPagesJob, 'id'>, onScan: (scan: PageScan) => void): Promise<void> {
  const id = nextId++;
  clearTimeout(worker.idle);
  return new Promise<void>((resolve) => {
    worker.jobs.set(id, (reply) => {
      if ('scan' in reply) {
        onScan(reply.scan as PageScan);
        return;
      }
      worker.jobs.delete(id);
      // A worker that failed a job (or died) is not trusted with another.
      if (!('done' in reply) || !pool.includes(worker)) void retire(worker);
      else if (worker.jobs.size === 0) {
        worker.thread.unref();
        worker.idle = setTimeout(() => void retire(worker), idleMilliseconds).unref();
      }
      resolve();
    });
    // Busy workers keep the process alive until their job is done.
    worker.thread.ref();
    worker.thread.postMessage({ ...job, id } satisfies ScanPagesJob);
  });
}

/** What `scanPagesInParallel` scans with: the document as this thread opened it, and its bytes for the workers. */
export interface ParallelScan {
  pdfjs: Pdfjs;
  document: PDFDocumentProxy;
  bytes: Uint8Array;
  total: number;
  threads: number;
  ocr: PageOcr | undefined;
  ocrOptions: OcrOptions | undefined;
  links: boolean;
  /** The PDF's password, for the workers to open it with. */
  password?: string | undefined;
}

/**
 * @internal Scans pages 1..`total` in `threads` threads: this one and `threads - 1` pooled workers, each taking the next
 * chunk of pages from one shared atomic counter (so a thread that meets easy pages takes more), and returns the scans
 * in page order. Progress is reported as pages finish in any thread; an abort stops every thread between pages.
 */
export async function scanPagesInParallel(
  scan: ParallelScan,
  options: Pick<ParseOptions, 'signal' | 'onPage'>,
): Promise<PageScan[]> {
  const { pdfjs, document, total, ocr, links } = scan;
  const claims = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const chunk = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(total / (scan.threads * MAX_CHUNK))));
  const scans: PageScan[] = Array.from({ length: total });
  let done = 0;
  const record = (page: PageScan) => {
    if (scans[page.number - 1] !== undefined) return;
    scans[page.number - 1] = page;
    done += 1;
    options.onPage?.(done, total);
  };
  const stop = () => stopClaims(claims);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (pool.length < scan.threads - 1) startWorker();
    // The least busy workers help.
    const helpers = [...pool]
      .sort((a, b) => a.jobs.size - b.jobs.size)
      .slice(0, scan.threads - 1)
      .map((worker) =>
        runJob(
          worker,
          {
            bytes: scan.bytes,
            total,
            chunk,
            claims,
            ocr: scan.ocrOptions,
            links,
            ...(scan.password === undefined ? {} : { password: scan.password }),
          },
          record,
        ),
      );
    const next = () => !options.signal?.aborted;
    for (let range = claimChunk(claims, chunk, total); range !== undefined; range = claimChunk(claims, chunk, total)) {
      await scanPagesInOrder(pdfjs, document, range, { ocr, links, next, onScan: record });
      options.signal?.throwIfAborted();
    }
    await Promise.all(helpers);
    // Pages a worker claimed but did not return (it failed or died) are scanned here.
    for (let number = 1; number <= total; number++) {
      options.signal?.throwIfAborted();
      if (scans[number - 1] === undefined) record(await scanPageNumber(pdfjs, document, number, ocr, links));
    }
    return scans;
  } finally {
    stop();
    options.signal?.removeEventListener('abort', stop);
  }
}

/** @internal How many PDF worker threads are up (busy or idle). */
export function pdfWorkerCount(): number {
  return pool.length;
}

/**
 * @internal Stops every PDF worker thread now, busy ones included (their unreturned pages are then scanned in the
 * parsing thread), and sets how long (ms) later workers may stay idle before they are stopped.
 */
export async function closePdfWorkers(idle = idleMilliseconds): Promise<void> {
  idleMilliseconds = idle;
  await Promise.all([...pool].map(retire));
}
