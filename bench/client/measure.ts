/**
 * Interleaved measurement for a shared, noisy machine: two or more clients take turns in short blocks, so every
 * one of them sees the same background load, and each call's latency is kept.
 */

import { readFileSync } from 'node:fs';

export type Call = () => Promise<void>;

/** A client under test: its call, and the process id of the server it talks to (for the server's CPU). */
export interface BenchClient {
  call: Call;
  serverPid: number | undefined;
}

/** CPU time of a process from /proc (Linux), µs; undefined elsewhere. Clock ticks are 10 ms on Linux. */
function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** What one client did over all its blocks. */
export interface Sample {
  latencies: number[];
  /** Wall time spent in this client's blocks, ms. */
  elapsedMs: number;
  /** This process's CPU time spent in this client's blocks, µs. */
  cpuMicros: number;
  /** The server process's CPU time in this client's blocks, µs (NaN when unknown). */
  serverCpuMicros: number;
  calls: number;
}

/** A sample reduced to the reported figures. */
export interface Measurement {
  p50: number;
  p99: number;
  /** Calls per second over the client's blocks. */
  throughput: number;
  /** CPU of this process per call, µs (the client side only; servers run in their own processes). */
  cpuPerCall: number;
  /** CPU of the server process per call, µs (10 ms resolution per block, so only meaningful over many calls). */
  serverCpuPerCall: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

export function emptySample(): Sample {
  return { latencies: [], elapsedMs: 0, cpuMicros: 0, serverCpuMicros: 0, calls: 0 };
}

/** Runs `calls` calls of `call` with `concurrency` in flight and adds them to `sample`. */
export async function runBlock(client: BenchClient, calls: number, concurrency: number, sample: Sample): Promise<void> {
  const { call } = client;
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      const started = performance.now();
      await call();
      sample.latencies.push(performance.now() - started);
    }
  };
  const cpu = process.cpuUsage();
  const serverBefore = processCpuMicros(client.serverPid);
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  sample.elapsedMs += performance.now() - started;
  const used = process.cpuUsage(cpu);
  sample.cpuMicros += used.user + used.system;
  const serverAfter = processCpuMicros(client.serverPid);
  sample.serverCpuMicros += serverBefore === undefined || serverAfter === undefined ? Number.NaN : serverAfter - serverBefore;
  sample.calls += calls;
}

/**
 * `calls` calls per client, in blocks of `blockSize`, the clients alternating block by block (and swapping who
 * goes first every block).
 */
export async function interleave(
  clients: readonly BenchClient[],
  calls: number,
  concurrency: number,
  blockSize: number,
): Promise<Sample[]> {
  const samples = clients.map(() => emptySample());
  for (let done = 0, block = 0; done < calls; done += blockSize, block += 1) {
    const size = Math.min(blockSize, calls - done);
    const order = clients.map((_, index) => index);
    if (block % 2 === 1) order.reverse();
    for (const index of order) await runBlock(clients[index] as BenchClient, size, concurrency, samples[index] as Sample);
  }
  return samples;
}

export function summarize(sample: Sample): Measurement {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    throughput: (sample.calls / sample.elapsedMs) * 1000,
    cpuPerCall: sample.cpuMicros / sample.calls,
    serverCpuPerCall: sample.serverCpuMicros / sample.calls,
  };
}
