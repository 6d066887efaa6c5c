/**
 * mcpflow versus @llamaindex/workflow-core, side by side: `npm run bench:workflow`.
 *
 * 1. events/s through a 3-step linear workflow (4 events a run), one run at a time and 100 at once;
 * 2. events/s through a 100-branch fan-out/fan-in (202 events a run), one run at a time and 10 at once;
 * 3. heap bytes per run waiting on human input, 10,000 runs at once, each implementation in a fresh child process.
 *
 * Samples alternate the implementations and each figure is the median. Every result is checked; a wrong one makes
 * the process exit with 1. Run with Node ≥ 22.18 (type stripping) and --expose-gc. Results also go to
 * bench/results/workflow.json (see bench/report/).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Comparison, writeResults } from '../report/results-file.ts';
import type { MemoryReport } from './memory-child.ts';
import { canCollect, collectGarbage, formatNumber, formatRatio, median, renderTable } from './stats.ts';
import { sample, throughputCases } from './throughput.ts';
import { type Implementation, implementationNames, loadImplementation } from './workloads.ts';

const REPEATS = 5;
const MEMORY_REPEATS = 3;
const WAITING_RUNS = 10_000;
const THROUGHPUT_TARGET = 2;
const MEMORY_TARGET = 0.5;

const failures: string[] = [];
const fail = (what: string, wrong: readonly string[]) => {
  for (const message of wrong) failures.push(`${what}: ${message}`);
};

console.log('mcpflow vs @llamaindex/workflow-core 1.3.4');
console.log(`date ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
console.log(
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} · medians of ${REPEATS} samples`,
);
if (!canCollect) console.log('(note: run with --expose-gc to collect garbage between samples)');
console.log('');

const implementations: Implementation[] = [];
for (const name of implementationNames) implementations.push(await loadImplementation(name));

// Throughput: one warm-up round at a quarter of the size, then REPEATS rounds alternating who goes first.
const samples = throughputCases.map(() => implementations.map(() => [] as number[]));
for (let round = -1; round < REPEATS; round++) {
  for (const [caseIndex, testCase] of throughputCases.entries()) {
    const order = (round + caseIndex) % 2 === 0 ? [0, 1] : [1, 0];
    for (const index of order) {
      const implementation = implementations[index] as Implementation;
      await collectGarbage(2);
      const result = await sample(testCase, implementation, round < 0 ? 0.25 : 1);
      fail(`${implementation.name}, ${testCase.label}`, result.wrong);
      if (round >= 0) samples[caseIndex]?.[index]?.push(result.eventsPerSecond);
    }
  }
  process.stdout.write(round < 0 ? 'throughput: warm-up done' : ` · round ${round + 1}/${REPEATS}`);
}
process.stdout.write('\n');

// Memory: each sample in a fresh process, alternating implementations.
const execFileAsync = promisify(execFile);
const childPath = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
const memory = implementationNames.map(() => [] as MemoryReport[]);
for (let round = 0; round < MEMORY_REPEATS; round++) {
  const order = round % 2 === 0 ? [0, 1] : [1, 0];
  for (const index of order) {
    const name = implementationNames[index] as string;
    try {
      const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', childPath, name, String(WAITING_RUNS)], {
        maxBuffer: 1 << 20,
      });
      const report = JSON.parse(stdout.trim().split('\n').at(-1) as string) as MemoryReport;
      fail(`${name}, ${WAITING_RUNS} waiting runs`, report.wrong);
      memory[index]?.push(report);
    } catch (error) {
      failures.push(`${name} memory child failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.stdout.write(`${round === 0 ? 'memory:' : ' ·'} round ${round + 1}/${MEMORY_REPEATS}`);
}
process.stdout.write('\n\n');

const spread = (values: readonly number[]) =>
  values.length < 2 ? '' : `±${Math.round(((Math.max(...values) - Math.min(...values)) / 2 / median(values)) * 100)}%`;
const rows: string[][] = [];
const comparisons: Comparison[] = [];
let targetsMissed = 0;
const addRow = (label: string, values: readonly (readonly number[])[], higherIsBetter: boolean) => {
  const [ours, theirs] = values.map((list) => median(list)) as [number, number];
  const ratio = ours / theirs;
  const met = higherIsBetter ? ratio >= THROUGHPUT_TARGET : ratio <= MEMORY_TARGET;
  if (!met) targetsMissed += 1;
  const target = higherIsBetter ? `≥ ${THROUGHPUT_TARGET}×` : `≤ ${MEMORY_TARGET}×`;
  const spreads = values.map(spread).join(' / ');
  rows.push([label, formatNumber(ours), formatNumber(theirs), formatRatio(ratio), target, met ? 'yes' : 'NO', spreads]);
  const [figure, unit] = label.split(/ \((?=[^(]*\)$)/) as [string, string];
  comparisons.push({
    figure,
    unit: unit.slice(0, -1),
    ours: { name: 'mcpflow', value: ours },
    peer: { name: '@llamaindex/workflow-core', value: theirs },
    higherIsBetter,
  });
};
for (const [caseIndex, testCase] of throughputCases.entries()) {
  addRow(`${testCase.label} (events/s)`, samples[caseIndex] as number[][], true);
}
addRow(
  `${formatNumber(WAITING_RUNS)} runs waiting for input (heap B/run)`,
  memory.map((reports) => reports.map((report) => report.bytesPerWaitingRun)),
  false,
);
console.log(renderTable(['benchmark', 'mcpflow', 'workflow-core', 'ratio mf/wc', 'target', 'met', 'spread mf / wc'], rows));
const residual = memory.map((reports) => formatNumber(median(reports.map((report) => report.bytesPerRunAfterCompletion))));
const startMs = memory.map((reports) => formatNumber(median(reports.map((report) => report.startMs))));
console.log('');
console.log(
  `after all ${formatNumber(WAITING_RUNS)} runs completed: heap B/run left mcpflow ${residual[0]}, workflow-core ${residual[1]}`,
);
console.log(`time until all ${formatNumber(WAITING_RUNS)} runs waited: mcpflow ${startMs[0]} ms, workflow-core ${startMs[1]} ms`);
console.log(`targets met: ${rows.length - targetsMissed}/${rows.length}`);

writeResults({
  benchmark: 'workflow',
  method: `medians of ${REPEATS} alternating samples (memory: ${MEMORY_REPEATS} fresh child processes each)`,
  comparisons,
  failures,
});
if (failures.length > 0) {
  console.error(`\nWRONG RESULTS (${failures.length}):\n- ${failures.slice(0, 20).join('\n- ')}`);
  process.exit(1);
}
console.log('every result checked: correct');
