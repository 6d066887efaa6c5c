/**
 * CPU accounting around one sample (Linux /proc; elsewhere every figure is NaN): the server child's CPU time per
 * request, which shared-machine contention disturbs far less than req/s, and how many cores other processes used.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function readTicks(file: string, pick: (fields: string[]) => number): number {
  try {
    return pick(readFileSync(file, 'utf8').split(' '));
  } catch {
    return Number.NaN;
  }
}

/** utime + stime of a process (all threads, GC included), in seconds. */
function processSeconds(pid: number): number {
  const afterName = (fields: string[]) => fields.slice(fields.findIndex((field) => field.endsWith(')')) + 1);
  return readTicks(`/proc/${pid}/stat`, (fields) => {
    const rest = afterName(fields);
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  });
}

/** Busy CPU time of the whole machine (everything but idle and iowait), in seconds. */
function machineSeconds(): number {
  return readTicks('/proc/stat', (fields) => {
    const [user, nice, system, , , irq, softirq, steal] = fields
      .slice(1)
      .filter((field) => field !== '')
      .slice(0, 8)
      .map(Number) as number[];
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
  });
}

export interface CpuReading {
  /** CPU seconds the server child used. */
  serverSeconds: number;
  /** Cores used on average by everything but the server child and this (load-generating) process. */
  foreignCores: number;
}

/** Starts measuring; call the returned function when the sample ends. */
export function startCpuMeter(serverPid: number): () => CpuReading {
  const started = { wall: performance.now(), server: processSeconds(serverPid), machine: machineSeconds() };
  const self = process.cpuUsage();
  return () => {
    const wallSeconds = (performance.now() - started.wall) / 1000;
    const serverSeconds = processSeconds(serverPid) - started.server;
    const { user, system } = process.cpuUsage(self);
    const foreign = machineSeconds() - started.machine - serverSeconds - (user + system) / 1e6;
    return { serverSeconds, foreignCores: Math.max(0, foreign / wallSeconds) };
  };
}
