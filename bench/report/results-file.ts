/**
 * Machine-readable results of one benchmark: each `bench:*` script writes `bench/results/<name>.json` (or into
 * `$MCPFLOW_BENCH_RESULTS_DIR`), which `bench/report/generate.ts` turns into bench/RESULTS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where result files go: `$MCPFLOW_BENCH_RESULTS_DIR`, else bench/results/. */
export function resultsDirectory(): string {
  return process.env.MCPFLOW_BENCH_RESULTS_DIR ?? fileURLToPath(new URL('../results/', import.meta.url));
}

/** One measured figure next to its peer. Lower is better for latencies and memory, higher for rates. */
export interface Comparison {
  /** What is measured, e.g. "stdio c=32 p50 latency". */
  figure: string;
  unit: string;
  ours: { name: string; value: number };
  /** The implementation measured beside ours; absent for a figure that has neither peer nor target. */
  peer?: { name: string; value: number };
  /** True when `peer` is a goal (e.g. "p95 ≤ 10 ms"), not a measured implementation. */
  target?: boolean;
  higherIsBetter: boolean;
}

/** A latency-vs-concurrency series for the plot. */
export interface Series {
  /** Plot panel, e.g. "client (stdio)". */
  panel: string;
  name: string;
  points: { concurrency: number; latencyMs: number }[];
}

/** The file a benchmark writes. */
export interface BenchmarkResults {
  benchmark: string;
  date: string;
  node: string;
  /** Settings in words (rounds, durations) for the report. */
  method: string;
  comparisons: Comparison[];
  series?: Series[];
  /** Peers or cases that could not be run, with the reason. */
  notes?: string[];
  /** Wrong results or errors seen during the run (the run still counts, but the report shows them). */
  failures?: string[];
}

/** Writes the results and prints a marked line naming the file. */
export function writeResults(results: Omit<BenchmarkResults, 'date' | 'node'>): string {
  const directory = resultsDirectory();
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${results.benchmark}.json`);
  const full: BenchmarkResults = { ...results, date: new Date().toISOString(), node: process.version };
  writeFileSync(file, `${JSON.stringify(full, null, 2)}\n`);
  console.log(`BENCH_RESULTS ${file}`);
  return file;
}
