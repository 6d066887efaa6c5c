/**
 * bench/results/docs.json from the parse benchmark: pages/s of our parser against raw pdf.js and LiteParse, per
 * file and over all files, with the quality scores as notes.
 */
import { type Comparison, writeResults } from '../report/results-file.ts';
import type { FileRates, ParseBenchmark } from './parse.ts';

const OURS = 'mcpflow';
const RAW = 'pdf.js raw';
const LITEPARSE = 'liteparse';

function rate(files: readonly FileRates[], engine: string): number {
  const pages = files.reduce((sum, file) => sum + file.pages, 0);
  const milliseconds = files.reduce((sum, file) => sum + (file.milliseconds[engine] ?? Number.NaN), 0);
  return (pages * 1000) / milliseconds;
}

/** Process CPU time (ms, all threads) per page: the per-core cost, whatever the threads. */
function cpuPerPage(files: readonly FileRates[], engine: string): number {
  const pages = files.reduce((sum, file) => sum + file.pages, 0);
  return files.reduce((sum, file) => sum + (file.cpuMilliseconds[engine] ?? Number.NaN), 0) / pages;
}

function compareCpu(figure: string, files: readonly FileRates[], ours: string, peer: string): Comparison | undefined {
  if (files.some((file) => file.cpuMilliseconds[ours] === undefined || file.cpuMilliseconds[peer] === undefined)) {
    return undefined;
  }
  return {
    figure,
    unit: 'CPU ms/page',
    ours: { name: ours, value: cpuPerPage(files, ours) },
    peer: { name: peer, value: cpuPerPage(files, peer) },
    higherIsBetter: false,
  };
}

function compare(figure: string, files: readonly FileRates[], ours: string, peer: string): Comparison | undefined {
  if (files.some((file) => file.milliseconds[ours] === undefined || file.milliseconds[peer] === undefined)) return undefined;
  return {
    figure,
    unit: 'pages/s',
    ours: { name: ours, value: rate(files, ours) },
    peer: { name: peer, value: rate(files, peer) },
    higherIsBetter: true,
  };
}

/** Writes the parse benchmark's results file; `rounds` is how many timed rounds each file had. */
export function writeParseResults(benchmark: ParseBenchmark, rounds: number): string {
  const workers = benchmark.engines.find((engine) => engine.startsWith(`${OURS} ×`));
  const total = benchmark.files.reduce((sum, file) => sum + file.pages, 0);
  const allFiles = `all files (${benchmark.files.length}, ${total} pages)`;
  const comparisons = [
    compare(`${allFiles} parse rate`, benchmark.files, OURS, LITEPARSE),
    compare(`${allFiles} parse rate`, benchmark.files, OURS, RAW),
    workers === undefined
      ? undefined
      : compare(`${allFiles} parse rate, ${workers} threads`, benchmark.files, workers, LITEPARSE),
    compareCpu(`${allFiles} CPU per page`, benchmark.files, OURS, LITEPARSE),
    compareCpu(`${allFiles} CPU per page`, benchmark.files, OURS, RAW),
    workers === undefined
      ? undefined
      : compareCpu(`${allFiles} CPU per page, ${workers} threads`, benchmark.files, workers, LITEPARSE),
    ...benchmark.files.flatMap((file) => [
      compare(`${file.file} (${file.pages} pages)`, [file], OURS, LITEPARSE),
      compare(`${file.file} (${file.pages} pages)`, [file], OURS, RAW),
    ]),
  ].filter((comparison) => comparison !== undefined);
  const quality = benchmark.quality.map(
    (row) =>
      `quality, ${row.engine}: reading order ${row.readingOrder.toFixed(3)}, paragraphs whole ${row.paragraphsWhole}, ` +
      `ruled table cells ${row.ruledCells.toFixed(3)}, unruled table cells ${row.unruledCells.toFixed(3)}, ` +
      `booktabs table in a column ${row.columnTableCells.toFixed(3)} cells / ${row.columnTableOrder.toFixed(3)} order`,
  );
  return writeResults({
    benchmark: 'docs',
    method:
      `PDF to text/Markdown, whole file in memory, best of ${rounds} round(s) after one warm-up, engines alternating; ` +
      `pages/s = pages ÷ best wall time ("all files" = all pages ÷ the sum of best times); CPU per page = the least ` +
      'process CPU time (user + system, every thread: workers and native ones included) ÷ pages, the per-core cost. ' +
      `${RAW} is pdf.js text ` +
      `extraction with no layout (the floor); ${LITEPARSE} is @llamaindex/liteparse (native PDFium), Markdown, OCR off. ` +
      'Quality (1.000 is perfect) is scored on generated fixtures with known ground truth',
    comparisons,
    notes: [...quality, ...benchmark.notes],
  });
}
