/** The result table: medians per implementation × era × connection count, ratios, and the targets. */
import { formatNumber, formatRatio, median, renderTable } from '../workflow/stats.ts';
import type { Era } from './capture-requests.ts';
import type { LoadResult, LoadSettings } from './load-test.ts';
import type { ImplementationName } from './server-processes.ts';

export interface Target {
  name: ImplementationName;
  era: Era;
  /** True when the load carries an `Mcp-Session-Id` (a sessionful 2025 server). */
  session?: boolean;
  /** Why this implementation cannot serve this era, when it cannot. */
  unavailable?: string;
  throughput: LoadResult[];
  latency: LoadResult[];
}

/** Display names of the implementations. */
export const labels: Record<ImplementationName, string> = {
  mcpflow: 'mcpflow serveHttp',
  sdk: 'raw SDK createMcpHandler',
  tmcp: 'tmcp + transport-http',
  fastmcp: 'fastmcp (httpStream)',
};
/** Display names of the protocol eras. */
export const eraLabels: Record<Era, string> = { modern: '2026-07-28', legacy: '2025-11-25' };

export interface Summary {
  rps: number;
  p99: number;
  /** Mean latency by Little's law (connections ÷ req/s): autocannon's histogram has 1 ms resolution. */
  meanMs: number;
  /** Server CPU time per request, µs (NaN off Linux). */
  cpuMicros: number;
  spread: string;
  /** Samples used of those taken (noisy ones set aside). */
  used: string;
}

/** Samples during which other processes used more than this many cores are set aside when cleaner ones exist. */
const NOISY_CORES = 0.3;

/** Medians over the clean samples of one target at one connection count. */
export function summarise(all: readonly LoadResult[], connections: number): Summary {
  const clean = all.filter((result) => !(result.foreignCores > NOISY_CORES));
  const results = clean.length > 0 ? clean : all;
  const rps = results.map((result) => result.requestsPerSecond);
  const spread = rps.length < 2 ? '' : `±${Math.round(((Math.max(...rps) - Math.min(...rps)) / 2 / median(rps)) * 100)}%`;
  return {
    rps: median(rps),
    p99: median(results.map((result) => result.p99Ms)),
    meanMs: (connections * 1000) / median(rps),
    cpuMicros: median(results.map((result) => result.serverCpuMicros)),
    spread,
    used: `${results.length}/${all.length}`,
  };
}

/** Prints the table and the targets; returns the names of the baselines mcpflow missed its target against. */
export function printReport(targets: readonly Target[], settings: { throughput: LoadSettings; latency: LoadSettings }): string[] {
  const find = (name: ImplementationName, era: Era) => targets.find((target) => target.name === name && target.era === era);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const load of ['throughput', 'latency'] as const) {
    for (const target of targets) {
      const connections = `c=${settings[load].connections}`;
      const mode = target.session === true ? 'session' : 'stateless';
      if (target.unavailable !== undefined || target[load].length === 0) {
        rows.push([labels[target.name], eraLabels[target.era], '', connections, 'n/a', 'n/a', 'n/a', 'n/a', '', '', '', '', '']);
        if (load === 'throughput')
          notes.push(`${target.name} ${eraLabels[target.era]} n/a: ${target.unavailable ?? 'no results'}`);
        continue;
      }
      const own = summarise(target[load], settings[load].connections);
      const sdk = find('sdk', target.era);
      const tmcp = find('tmcp', target.era);
      const base = (other: Target | undefined) =>
        other === undefined || other[load].length === 0 ? undefined : summarise(other[load], settings[load].connections);
      const [vsSdk, vsTmcp] = [base(sdk), base(tmcp)];
      rows.push([
        labels[target.name],
        eraLabels[target.era],
        mode,
        connections,
        formatNumber(own.rps),
        own.meanMs.toFixed(2),
        own.p99 < 1 ? '<1' : own.p99.toFixed(0),
        formatNumber(own.cpuMicros),
        vsSdk === undefined ? 'n/a' : formatRatio(own.rps / vsSdk.rps),
        vsTmcp === undefined ? 'n/a' : formatRatio(own.rps / vsTmcp.rps),
        vsSdk === undefined || own.p99 < 1 || vsSdk.p99 < 1 ? 'n/a' : formatRatio(own.p99 / vsSdk.p99),
        own.spread,
        own.used,
      ]);
    }
  }
  const header = [
    'implementation',
    'era',
    'mode',
    'conns',
    'req/s',
    'mean ms',
    'p99 ms',
    'srv µs/req',
    'req/s ÷ SDK',
    'req/s ÷ tmcp',
    'p99 ÷ SDK',
    'spread',
    'samples',
  ];
  console.log(`\n${renderTable(header, rows)}`);
  console.log(
    '(mean ms = connections ÷ req/s; p99 from autocannon, 1 ms resolution; srv µs/req = server child CPU time per request;' +
      ' ratios are same era, same connections; spread = ±half the range of the samples used; samples = used/taken,' +
      ` a sample is set aside when other processes used > ${NOISY_CORES} cores during it and cleaner ones exist)`,
  );
  const foreign = targets.flatMap((target) => [...target.throughput, ...target.latency].map((result) => result.foreignCores));
  if (foreign.length > 0 && foreign.every(Number.isFinite))
    console.log(
      `other processes on this machine used ${median(foreign).toFixed(2)} cores (median; max ${Math.max(...foreign).toFixed(2)})` +
        ' during the samples',
    );
  for (const note of notes) console.log(`- ${note}`);

  // The targets, on throughput (c=32) per era.
  const missed: string[] = [];
  const goals: string[][] = [];
  for (const era of ['modern', 'legacy'] as const) {
    const ours = find('mcpflow', era);
    for (const [baseline, goal, kind] of [
      ['sdk', 0.95, 'target'],
      ['tmcp', 1.0, 'aim'],
    ] as const) {
      const theirs = find(baseline, era);
      if (ours === undefined || theirs === undefined || ours.throughput.length === 0 || theirs.throughput.length === 0) continue;
      const c = settings.throughput.connections;
      const [mine, other] = [summarise(ours.throughput, c), summarise(theirs.throughput, c)];
      const ratio = mine.rps / other.rps;
      const met = ratio >= goal;
      if (!met && !missed.includes(baseline)) missed.push(baseline);
      const modes = `${ours.session === true ? 'session' : 'stateless'} vs ${theirs.session === true ? 'session' : 'stateless'}`;
      const cpuRatio = formatRatio(other.cpuMicros / mine.cpuMicros);
      goals.push([
        `mcpflow ${eraLabels[era]} ÷ ${baseline}`,
        `${kind} ≥ ${goal.toFixed(2)}×`,
        formatRatio(ratio),
        met ? 'yes' : 'NO',
        cpuRatio,
        modes,
      ]);
    }
  }
  console.log(`\n${renderTable(['goal (c=32 req/s)', 'goal', 'ratio', 'met', 'CPU/req ratio', 'modes compared'], goals)}`);
  return missed;
}
