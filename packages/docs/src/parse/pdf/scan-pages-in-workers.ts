import { Worker } from 'node:worker_threads';
import { McpflowError } from 'mcpflow';
import type { OcrOptions, ParseOptions } from '../parsed-document.ts';
import type { PageScan } from './scan-page.ts';
import type { ScanPagesJob, ScanPagesReply } from './scan-pages-worker.ts';

/** A range is worth handing to another thread only with this many pages in it. */
const PAGES_PER_WORKER = 12;

/** @internal How many workers to use for `pages` pages when `concurrency` are allowed (1: scan in this thread). */
export function workersFor(pages: number, concurrency: number): number {
  return Math.max(1, Math.min(Math.floor(concurrency), Math.floor(pages / PAGES_PER_WORKER)));
}

interface PooledWorker {
  thread: Worker;
  jobs: Map<number, (reply: ScanPagesReply | { crash: Error }) => void>;
}

/** Workers stay up between parses (pdf.js compiled and warmed once); they never keep the process alive when idle. */
const pool: PooledWorker[] = [];
let nextId = 1;

function startWorker(): PooledWorker {
  // Tests and scripts run the TypeScript sources; the published package runs the compiled JavaScript.
  const url = new URL(`./scan-pages-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const worker: PooledWorker = { thread: new Worker(url), jobs: new Map() };
  worker.thread.unref();
  const crash = (error: Error) => {
    const index = pool.indexOf(worker);
    if (index >= 0) pool.splice(index, 1);
    for (const handler of worker.jobs.values()) handler({ crash: error });
  };
  worker.thread.on('message', (reply: ScanPagesReply) => worker.jobs.get(reply.id)?.(reply));
  worker.thread.on('error', crash);
  worker.thread.on('exit', (code) => crash(new McpflowError('INVALID_INPUT', `a PDF worker thread stopped (exit code ${code})`)));
  pool.push(worker);
  return worker;
}

/** Sends one page range to a worker; resolves when it is done, calling `onScan` for each page as it comes. */
function runJob(worker: PooledWorker, job: Omit<ScanPagesJob, 'id'>, onScan: (scan: PageScan) => void, signal?: AbortSignal) {
  const id = nextId++;
  return new Promise<void>((resolve, reject) => {
    const abort = () => worker.thread.postMessage({ cancel: id });
    signal?.addEventListener('abort', abort, { once: true });
    const finish = (error?: unknown) => {
      worker.jobs.delete(id);
      signal?.removeEventListener('abort', abort);
      if (worker.jobs.size === 0) worker.thread.unref();
      if (error === undefined) resolve();
      else reject(error);
    };
    worker.jobs.set(id, (reply) => {
      if ('crash' in reply) finish(reply.crash);
      else if ('scan' in reply) onScan(reply.scan as PageScan);
      else if ('error' in reply) finish(new McpflowError('INVALID_INPUT', `cannot read the PDF: ${reply.error}`));
      else finish(signal?.aborted ? signal.reason : undefined);
    });
    // Busy workers keep the process alive until their job is done.
    worker.thread.ref();
    worker.thread.postMessage({ ...job, id } satisfies ScanPagesJob);
  });
}

/**
 * @internal Scans pages 1..`total` in `workers` pooled worker threads, each taking a contiguous range, and returns the
 * scans in page order. Progress is reported as pages finish in any worker; an abort stops every range between pages.
 */
export async function scanPagesInWorkers(
  bytes: Uint8Array,
  total: number,
  workers: number,
  ocr: OcrOptions | undefined,
  links: boolean,
  options: Pick<ParseOptions, 'signal' | 'onPage' | 'password'>,
): Promise<PageScan[]> {
  while (pool.length < workers) startWorker();
  // The least busy workers take the ranges.
  const chosen = [...pool].sort((a, b) => a.jobs.size - b.jobs.size).slice(0, workers);
  const scans: PageScan[] = [];
  let done = 0;
  const size = Math.ceil(total / workers);
  await Promise.all(
    chosen.map((worker, index) =>
      runJob(
        worker,
        {
          bytes,
          from: index * size + 1,
          to: Math.min(total, (index + 1) * size),
          ocr,
          links,
          ...(options.password === undefined ? {} : { password: options.password }),
        },
        (scan) => {
          scans[scan.number - 1] = scan;
          done += 1;
          options.onPage?.(done, total);
        },
        options.signal,
      ),
    ),
  );
  options.signal?.throwIfAborted();
  return scans;
}
