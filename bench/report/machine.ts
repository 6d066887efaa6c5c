/** The machine a benchmark run happened on, recorded once at the start of `npm run bench`. */
import os from 'node:os';

/** What bench/results/run.json says about the machine. */
export interface Machine {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverage: number[];
  summary: string;
}

/** One benchmark of a run, as the runner saw it. */
export interface RunRecord {
  benchmark: string;
  /** 'ok', 'failed (exit N)', 'timed out after N min' or 'not run (script absent)'. */
  status: string;
  seconds: number;
  /** Its console output, relative to the results directory. */
  log?: string;
}

/** bench/results/run.json. */
export interface RunFile {
  machine: Machine;
  runs: RunRecord[];
  wallSeconds: number;
  quick: boolean;
  loadAverageAtEnd?: number[];
}

const loads = () => os.loadavg().map((load) => Math.round(load * 100) / 100);

/** The machine now, with a function for the load average later. */
export function describeMachine(): Machine & { loadAverageNow(): number[] } {
  const cpus = os.cpus();
  const machine: Machine = {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: loads(),
    summary: '',
  };
  machine.summary = machineLine(machine);
  return { ...machine, loadAverageNow: loads };
}

/** "2 × Intel … · 23.4 GiB · Node v24 · linux … · load average 9.1 / 10.3 / 10.2 at start". */
export function machineLine(machine: Machine): string {
  return (
    `${machine.cores} × ${machine.cpuModel} · ${machine.memoryGiB} GiB memory · Node ${machine.node} · ${machine.platform} · ` +
    `load average ${machine.loadAverage.map((load) => load.toFixed(2)).join(' / ')} (1/5/15 min) at start`
  );
}
