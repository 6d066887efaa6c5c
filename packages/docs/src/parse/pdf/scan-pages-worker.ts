// A worker thread that scans a range of a PDF's pages (see scan-pages-in-workers.ts): its own pdf.js, its own OCR.
import { parentPort, workerData } from 'node:worker_threads';
import type { OcrOptions } from '../parsed-document.ts';
import { loadPdfjs } from './load-pdfjs.ts';
import { createPageOcr } from './ocr-page.ts';
import { openPdf, scanPage } from './scan-page.ts';

/** @internal What the worker is started with. */
export interface ScanPagesJob {
  bytes: Uint8Array;
  from: number;
  to: number;
  ocr: OcrOptions | undefined;
}

const job = workerData as ScanPagesJob;
const port = parentPort;
if (port !== null) {
  const pdfjs = await loadPdfjs();
  const { document, close } = await openPdf(pdfjs, job.bytes);
  const ocr = job.ocr === undefined ? undefined : createPageOcr(job.ocr);
  try {
    for (let number = job.from; number <= job.to; number++) {
      const page = await document.getPage(number);
      const scan = await scanPage(pdfjs, document, page, ocr);
      page.cleanup();
      // The runs behind each fragment are not needed past the page: do not copy them across threads.
      port.postMessage({ scan: { ...scan, fragments: scan.fragments.map((fragment) => ({ ...fragment, runs: [] })) } });
    }
  } finally {
    await ocr?.close();
    await close();
  }
}
