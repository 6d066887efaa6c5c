/**
 * bench/RESULTS.md and bench/latency-vs-concurrency.svg from bench/results/*.json (what each benchmark wrote) and
 * bench/results/run.json (machine, statuses, wall time, written by bench/run-all.ts).
 *
 *   node bench/report/generate.ts [results-dir] [output-dir]
 *
 * A benchmark that ran but wrote no JSON (a script that predates the format) is shown by the tail of its log.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, type RunFile } from './machine.ts';
import { renderPlot } from './plot.ts';
import type { BenchmarkResults, Comparison } from './results-file.ts';

/** Everything the report is made from. */
export interface ReportInput {
  run: RunFile | undefined;
  results: BenchmarkResults[];
  /** Last lines of the console output of benchmarks that wrote no JSON, by benchmark name. */
  logTails: Record<string, string>;
}

export const PLOT_FILE = 'latency-vs-concurrency.svg';
const order = ['workflow', 'client', 'server', 'docs', 'docs-index', 'cli'];
const titles: Record<string, string> = {
  workflow: 'Workflow engine — `bench:workflow` (vs @llamaindex/workflow-core)',
  client: 'MCP client — `bench:client` (hub vs raw SDK v2 `Client`, @ai-sdk/mcp, @langchain/mcp-adapters)',
  server: 'MCP server over HTTP — `bench:server` (vs raw SDK v2 `createMcpHandler`, tmcp, fastmcp)',
  docs: 'Document parsing — `bench:docs` (vs pdfjs-dist, LiteParse)',
  'docs-index': 'Document index and search — `bench:docs:index` (vs the 10 ms p95 target)',
  cli: 'CLI start-up — `bench:cli`',
};

/** How each benchmark's peers are driven, for readers of the report. */
const about: Record<string, string> = {
  client:
    'Every client calls the same `echo` tool on the same raw SDK v2 server, each as its users call it: the hub with ' +
    '`hub.callTool`, the raw SDK with `Client.callTool`, @ai-sdk/mcp with `createMCPClient(...).callTool` ' +
    '(`protocolVersionDiscovery: false`, so all speak 2025-11-25), @langchain/mcp-adapters with ' +
    '`MultiServerMCPClient.getTools()` then `tool.invoke` (v1 SDK inside). Over stdio each spawns its own server. ' +
    'Every answer is checked. The "noise control" rows compare two identical raw clients.',
  server:
    'Each server runs in its own child process with one `echo` tool; autocannon replays a `tools/call` captured from ' +
    'the real SDK client in each era the server speaks, and checks every body.',
  docs:
    'The same PDFs go through each engine in one process; the quality notes score the text each engine produced against ' +
    'the known content of generated fixtures.',
  'docs-index':
    'No peer library is run: the "peer" column of each query row is the target from the issue (p95 ≤ 10 ms at ' +
    '100,000 chunks), so "meets target" means the p95 is under 10 ms. Ingest rates have no peer or target and are ' +
    'shown alone.',
  workflow: 'Both engines run the same workflows in one process (memory: fresh child processes); every result is checked.',
};

/** Reads the results directory. */
export function loadInputs(directory: string): ReportInput {
  const runFile = path.join(directory, 'run.json');
  const run = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as RunFile) : undefined;
  const results = readdirSync(directory)
    .filter((file) => file.endsWith('.json') && file !== 'run.json')
    .map((file) => JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as BenchmarkResults)
    .filter((result) => typeof result.benchmark === 'string' && Array.isArray(result.comparisons));
  const logTails: Record<string, string> = {};
  for (const record of run?.runs ?? []) {
    if (results.some((result) => result.benchmark === record.benchmark) || record.log === undefined) continue;
    const log = path.resolve(directory, record.log);
    if (existsSync(log)) logTails[record.benchmark] = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
  }
  return { run, results, logTails };
}

const number = (value: number) =>
  !Number.isFinite(value)
    ? 'n/a'
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString('en-US')
      : value.toPrecision(3).replace(/\.?0+$/, '');

/** A Markdown table padded the way the repository's formatter (biome) lays it out, so RESULTS.md passes lint. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const width = (text: string) => [...text].length;
  const widths = header.map((title, column) => Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const pad = (text: string, column: number) => {
    const fill = ' '.repeat((widths[column] as number) - width(text));
    return right.includes(column) ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((size, column) => (right.includes(column) ? `${'-'.repeat(size - 1)}:` : '-'.repeat(size)));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}

/**
 * "1.31× better" / "1.12× worse", from mcpflow's side; the ratio is always mcpflow ÷ peer. Against a target:
 * "meets target (5.00× margin)" / "misses target by 1.50×". Without a peer: "—".
 */
export function verdict(comparison: Comparison): { ratio: string; verdict: string } {
  if (comparison.peer === undefined) return { ratio: '—', verdict: '—' };
  const ratio = comparison.ours.value / comparison.peer.value;
  if (!Number.isFinite(ratio) || ratio <= 0) return { ratio: 'n/a', verdict: 'n/a' };
  const advantage = comparison.higherIsBetter ? ratio : 1 / ratio;
  const factor = (advantage >= 1 ? advantage : 1 / advantage).toFixed(2);
  const word = comparison.target
    ? advantage >= 1
      ? `meets target (${factor}× margin)`
      : `misses target by ${factor}×`
    : `${factor}× ${advantage >= 1 ? 'better' : 'worse'}`;
  return { ratio: `${ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2)}×`, verdict: word };
}

function comparisonTable(comparisons: readonly Comparison[]): string {
  const rows = comparisons.map((comparison) => {
    const { ratio, verdict: word } = verdict(comparison);
    return [
      comparison.figure,
      comparison.unit,
      number(comparison.ours.value),
      comparison.peer?.name ?? '—',
      comparison.peer === undefined ? '—' : number(comparison.peer.value),
      ratio,
      word,
    ];
  });
  const header = ['figure', 'unit', 'mcpflow', 'peer', 'peer value', 'ratio (mcpflow ÷ peer)', 'mcpflow is'];
  return markdownTable(header, rows, [2, 4, 5]).join('\n');
}

/** The headline: the figures a reader compares first, one line each. */
const headlinePatterns: { benchmark: string; figure: RegExp }[] = [
  { benchmark: 'workflow', figure: /./ },
  { benchmark: 'client', figure: /^(stdio|http) (c=1 p50 latency|c=32 throughput)$/ },
  { benchmark: 'server', figure: /c=32 throughput$|c=1 mean latency$/ },
  { benchmark: 'docs', figure: /^all files/ },
  { benchmark: 'docs-index', figure: /^worst query p95/ },
  { benchmark: 'cli', figure: /--version/ },
];

function headline(results: readonly BenchmarkResults[]): string[] {
  const rows: string[][] = [];
  for (const { benchmark, figure } of headlinePatterns) {
    const result = results.find((candidate) => candidate.benchmark === benchmark);
    for (const comparison of result?.comparisons.filter((candidate) => figure.test(candidate.figure)) ?? []) {
      if (comparison.ours.name.includes('control')) continue;
      const { ratio, verdict: word } = verdict(comparison);
      const unit = comparison.unit;
      rows.push([
        benchmark,
        comparison.figure,
        `${number(comparison.ours.value)} ${unit}`,
        comparison.peer === undefined ? '—' : `${comparison.peer.name} ${number(comparison.peer.value)} ${unit}`,
        ratio,
        word,
      ]);
    }
  }
  if (rows.length === 0) return [];
  const lines = markdownTable(['benchmark', 'figure', 'mcpflow', 'peer', 'ratio (mcpflow ÷ peer)', 'mcpflow is'], rows, [2, 4]);
  // How far two identical clients drift apart in this run: the scale against which the ratios above are read.
  const controls = results
    .flatMap((result) => result.comparisons)
    .filter((comparison) => comparison.ours.name.includes('control'))
    .map((comparison) => comparison.ours.value / (comparison.peer?.value ?? Number.NaN))
    .filter(Number.isFinite);
  if (controls.length > 0)
    lines.push(
      '',
      `Noise floor of this run: a second raw SDK client against the first (same code, same server) measured ` +
        `${Math.min(...controls).toFixed(2)}×–${Math.max(...controls).toFixed(2)}× in p50 latency; ratios inside that band are a tie.`,
    );
  return lines;
}

/** The Markdown report. */
export function renderMarkdown(input: ReportInput, plotFile = PLOT_FILE): string {
  const { run, results } = input;
  const out: string[] = ['# mcpflow benchmark results', ''];
  out.push('Generated by `npm run bench` (bench/run-all.ts → bench/report/generate.ts). Do not edit by hand.', '');
  if (run !== undefined) {
    const [oneMinute] = run.machine.loadAverage;
    out.push(`- **Date:** ${run.machine.date}`);
    out.push(`- **Machine:** ${machineLine(run.machine)}`);
    if (oneMinute !== undefined && oneMinute > run.machine.cores * 0.5)
      out.push(
        `- **Load:** the machine was shared with other developers' work during this run (load average ${oneMinute.toFixed(
          2,
        )} on ${run.machine.cores} cores at start${run.loadAverageAtEnd === undefined ? '' : `, ${run.loadAverageAtEnd[0]?.toFixed(2)} at the end`}). ` +
          'Absolute figures are pessimistic and noisy; the ratios — implementations measured side by side, interleaved, in the same run — are what counts.',
      );
    out.push(
      `- **Wall time:** ${(run.wallSeconds / 60).toFixed(1)} min${run.quick ? ' (--quick: one short round each, not for publishing)' : ''}`,
    );
    // The report name docs-index is the npm script bench:docs:index.
    const statuses = run.runs.map((record) => [
      `bench:${record.benchmark.replace('docs-index', 'docs:index')}`,
      record.status,
      `${record.seconds.toFixed(0)} s`,
    ]);
    out.push('', ...markdownTable(['benchmark', 'status', 'time'], statuses, [2]), '');
    if (run.runs.some((record) => record.status.endsWith('(earlier run)')))
      out.push(
        'A subset was run last: the machine, load and wall time above are that run\'s; results marked "(earlier run)" ' +
          'come from the run before (each section gives its own recording date).',
        '',
      );
  }
  const lines = headline(results);
  if (lines.length > 0)
    out.push(
      '## Headline',
      '',
      'Ratio = mcpflow ÷ peer; "better" accounts for the direction (lower latency, higher rate).',
      '',
      ...lines,
      '',
    );
  const series = results.flatMap((result) => result.series ?? []);
  if (series.length > 0)
    out.push(
      '## Latency vs concurrency',
      '',
      `![latency vs concurrency](${plotFile})`,
      '',
      'Client panels: p50 per call at each number of calls in flight. Server panels: mean latency (connections ÷ req/s) at each number of autocannon connections.',
      '',
    );
  const names = [
    ...new Set([...order, ...results.map((result) => result.benchmark), ...(run?.runs.map((record) => record.benchmark) ?? [])]),
  ];
  for (const name of names) {
    const result = results.find((candidate) => candidate.benchmark === name);
    const record = run?.runs.find((candidate) => candidate.benchmark === name);
    if (result === undefined && record === undefined) continue;
    out.push(`## ${titles[name] ?? `\`bench:${name}\``}`, '');
    if (record !== undefined && record.status !== 'ok' && record.status !== 'ok (earlier run)')
      out.push(`**${record.status}.**`, '');
    if (about[name] !== undefined) out.push(about[name] as string, '');
    if (result !== undefined) {
      out.push(
        `Method: ${result.method}. Recorded ${result.date}, Node ${result.node}.`,
        '',
        comparisonTable(result.comparisons),
        '',
      );
      for (const note of result.notes ?? []) out.push(`- ${note}`);
      for (const failure of result.failures ?? []) out.push(`- **failure:** ${failure}`);
      if ((result.notes?.length ?? 0) + (result.failures?.length ?? 0) > 0) out.push('');
    } else if (input.logTails[name] !== undefined) {
      out.push(
        'No machine-readable results from this script; the end of its output:',
        '',
        '```',
        input.logTails[name] as string,
        '```',
        '',
      );
    }
  }
  out.push(
    '## Running a subset',
    '',
    '```sh',
    'npm run bench                      # everything, then this file',
    'npm run bench -- client server     # only these (names: workflow client server docs docs-index cli)',
    'npm run bench -- --quick           # one short round each',
    'npm run bench:client               # one benchmark, console report only (also writes bench/results/client.json)',
    'node bench/report/generate.ts      # re-render this file from bench/results/',
    '```',
    '',
  );
  return out.join('\n');
}

/** Writes RESULTS.md and the plot into `outputDirectory`; returns the files written. */
export function writeReport(resultsDirectory: string, outputDirectory: string): string[] {
  const input = loadInputs(resultsDirectory);
  const markdown = path.join(outputDirectory, 'RESULTS.md');
  writeFileSync(markdown, renderMarkdown(input));
  const series = input.results.flatMap((result) => result.series ?? []);
  if (series.length === 0) return [markdown];
  const plot = path.join(outputDirectory, PLOT_FILE);
  const caption = `mcpflow vs peers, one run${input.run === undefined ? '' : `, ${input.run.machine.date.slice(0, 10)}, ${input.run.machine.cores} × ${input.run.machine.cpuModel}`}`;
  writeFileSync(plot, renderPlot(series, caption));
  return [markdown, plot];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bench = fileURLToPath(new URL('..', import.meta.url));
  const written = writeReport(process.argv[2] ?? path.join(bench, 'results'), process.argv[3] ?? bench);
  console.log(`wrote ${written.join(', ')}`);
}
