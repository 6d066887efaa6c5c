import { readFile } from 'node:fs/promises';
import { intactSpans, readingOrderAccuracy, tableCellAccuracy } from '../../packages/docs/src/test-support/parse-quality.ts';
import { columnTablePage, tablePage, twoColumnPaper } from '../../packages/docs/src/test-support/pdf-fixtures.ts';
import { rawPdfText } from '../../packages/docs/src/test-support/raw-pdf-text.ts';
import { liteparseEngine, mcpflowEngine, mcpflowWorkersEngine, type ParseEngine, rawPdfjsEngine } from './parse-engines.ts';

interface BenchFile {
  name: string;
  bytes: Uint8Array;
  pages: number;
}

/** Real PDFs from Debian packages, when installed: r-doc-pdf's manuals and a few other packages' docs. */
const REAL_PDFS = [
  '/usr/share/R/doc/manual/R-intro.pdf',
  '/usr/share/R/doc/manual/R-exts.pdf',
  '/usr/share/doc/libtasn1-doc/libtasn1.pdf',
  '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf',
];

async function files(): Promise<{ files: BenchFile[]; missing: string[] }> {
  const result: BenchFile[] = [];
  const missing: string[] = [];
  const paper = await twoColumnPaper(40);
  result.push({ name: 'generated two-column paper', bytes: paper.bytes, pages: 40 });
  for (const path of REAL_PDFS) {
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes === undefined) {
      missing.push(path);
      continue;
    }
    result.push({
      name: path.split('/').at(-1) as string,
      bytes: new Uint8Array(bytes),
      pages: (await rawPdfText(new Uint8Array(bytes))).pages,
    });
  }
  return { files: result, missing };
}

/** One engine's best wall time and least process CPU time (ms, every thread of the process) over the rounds. */
interface Timing {
  wall: number;
  cpu: number;
}

/** Best of `rounds` times, engines alternating within each round so load hits them alike. */
async function time(engines: readonly ParseEngine[], bytes: Uint8Array, rounds: number): Promise<Timing[]> {
  const best = engines.map(() => ({ wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY }));
  for (const engine of engines) await engine.parse(bytes); // warm-up: imports, JIT
  for (let round = 0; round < rounds; round++) {
    for (const [index, engine] of engines.entries()) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await engine.parse(bytes);
      const wall = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const timing = best[index] as Timing;
      timing.wall = Math.min(timing.wall, wall);
      timing.cpu = Math.min(timing.cpu, (cpu.user + cpu.system) / 1000);
    }
  }
  return best;
}

/** Quality scores of one engine on the generated fixtures (1 is perfect). */
export interface QualityRow {
  engine: string;
  readingOrder: number;
  paragraphsWhole: string;
  ruledCells: number;
  unruledCells: number;
  columnTableCells: number;
  columnTableOrder: number;
}

async function quality(engines: readonly ParseEngine[]): Promise<QualityRow[]> {
  const paper = await twoColumnPaper();
  const ruled = await tablePage(true);
  const unruled = await tablePage(false);
  const inColumn = await columnTablePage();
  const rows: QualityRow[] = [];
  for (const engine of engines) {
    const text = await engine.parse(paper.bytes);
    const cells = await Promise.all(
      [ruled, unruled].map(async (fixture) =>
        tableCellAccuracy(fixture.tables[0] as string[][], await engine.parse(fixture.bytes)),
      ),
    );
    const columnText = await engine.parse(inColumn.bytes);
    rows.push({
      engine: engine.name,
      readingOrder: readingOrderAccuracy(paper.paragraphs, text.replace(/^#.*$/gm, '')),
      paragraphsWhole: `${intactSpans(paper.paragraphs, text)}/${paper.paragraphs.length}`,
      ruledCells: cells[0] as number,
      unruledCells: cells[1] as number,
      columnTableCells: tableCellAccuracy(inColumn.tables[0] as string[][], columnText),
      columnTableOrder: readingOrderAccuracy(inColumn.paragraphs, columnText),
    });
  }
  return rows;
}

function qualityLines(rows: readonly QualityRow[]): string[] {
  return [
    '| engine | reading order | paragraphs whole | ruled table cells | unruled table cells | booktabs table in a column: cells / order |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.engine} | ${row.readingOrder.toFixed(3)} | ${row.paragraphsWhole} | ${row.ruledCells.toFixed(3)} | ` +
        `${row.unruledCells.toFixed(3)} | ${row.columnTableCells.toFixed(3)} / ${row.columnTableOrder.toFixed(3)} |`,
    ),
  ];
}

/** Parse rate of every engine on one file. */
export interface FileRates {
  file: string;
  pages: number;
  /** Best wall time (ms) by engine name. */
  milliseconds: Record<string, number>;
  /** Least CPU time (ms, all the process's threads: workers and native ones too) by engine name. */
  cpuMilliseconds: Record<string, number>;
}

/** What the parse benchmark measured: console lines and the figures behind them. */
export interface ParseBenchmark {
  lines: string[];
  engines: string[];
  files: FileRates[];
  quality: QualityRow[];
  notes: string[];
}

/**
 * The parse half of `npm run bench:docs`: PDF pages per second for our parser, raw pdf.js text extraction and
 * LiteParse on the same files (best of `rounds`, engines alternating), then reading-order and table quality on the
 * generated fixtures with known ground truth. Returns the console lines and the figures.
 */
export async function benchParse(rounds: number): Promise<ParseBenchmark> {
  const lite = await liteparseEngine();
  const notes: string[] = [];
  if (typeof lite === 'string') notes.push(`liteparse: ${lite}`);
  const qualityEngines: ParseEngine[] = [mcpflowEngine, rawPdfjsEngine, ...(typeof lite === 'string' ? [] : [lite])];
  // The worker-thread variant gives the same output (a test checks it): it is timed, not scored.
  const engines: ParseEngine[] = [mcpflowEngine, mcpflowWorkersEngine, ...qualityEngines.slice(1)];
  const corpus = await files();
  if (corpus.missing.length > 0)
    notes.push(`not found (apt-get install r-doc-pdf for the R manuals): ${corpus.missing.join(', ')}`);
  const ratios: Array<[string, number, number]> = [
    ['mcpflow ÷ raw', 0, 2],
    ...(engines.length > 3
      ? ([
          ['mcpflow ÷ liteparse', 0, 3],
          [`${mcpflowWorkersEngine.name} ÷ liteparse`, 1, 3],
        ] as Array<[string, number, number]>)
      : []),
  ];
  const columns = ['file', 'pages', ...engines.map((engine) => `${engine.name} p/s`), ...ratios.map(([name]) => name)];
  const lines = [
    'PDF parse speed (pages/s, best of rounds, engines alternating; higher is better)',
    '',
    `| ${columns.join(' | ')} |`,
    `|${' --- |'.repeat(columns.length)}`,
  ];
  const measured: FileRates[] = [];
  const cpuLines = [
    'CPU time per page (ms of process CPU, all threads, least of rounds; lower is better) and CPU ÷ wall (threads busy)',
    '',
    `| file | ${engines.map((engine) => `${engine.name} CPU ms/page | ÷ wall`).join(' | ')} |`,
    `|${' --- |'.repeat(1 + 2 * engines.length)}`,
  ];
  for (const file of corpus.files) {
    const timings = await time(engines, file.bytes, rounds);
    measured.push({
      file: file.name,
      pages: file.pages,
      milliseconds: Object.fromEntries(engines.map((engine, index) => [engine.name, timings[index]?.wall as number])),
      cpuMilliseconds: Object.fromEntries(engines.map((engine, index) => [engine.name, timings[index]?.cpu as number])),
    });
    const rates = timings.map((timing) => (file.pages * 1000) / timing.wall);
    const cells = [
      file.name,
      String(file.pages),
      ...rates.map((rate) => rate.toFixed(0)),
      ...ratios.map(([, a, b]) => ((rates[a] as number) / (rates[b] as number)).toFixed(2)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
    const cpuCells = timings.flatMap((timing) => [(timing.cpu / file.pages).toFixed(2), (timing.cpu / timing.wall).toFixed(2)]);
    cpuLines.push(`| ${[file.name, ...cpuCells].join(' | ')} |`);
  }
  lines.push('', ...cpuLines);
  const scores = await quality(qualityEngines);
  lines.push('', 'Quality on generated fixtures (1.000 is perfect)', '', ...qualityLines(scores), '', ...notes);
  return { lines, engines: engines.map((engine) => engine.name), files: measured, quality: scores, notes };
}
