/**
 * mcpflow's HTTP server versus the raw SDK v2 (`createMcpHandler`), tmcp and fastmcp: `npm run bench:server`.
 *
 * One echo tool, each server in its own child process on 127.0.0.1, the same autocannon load for all: a captured
 * `tools/call` (see capture-requests.ts) in each protocol era the server speaks, 32 connections for throughput and
 * p99, then 1 connection for an unloaded latency row. Three rounds, implementations alternating; medians reported.
 * Every response is checked for the echoed message. `--quick` runs one short round (for trying changes).
 * After the rounds, one pass at 4, 16 and 64 connections per target gives the latency-vs-concurrency curve; results
 * also go to bench/results/server.json (see bench/report/).
 */
import os from 'node:os';
import { type Comparison, type Series, writeResults } from '../report/results-file.ts';
import { type CapturedCall, captureCall, type Era } from './capture-requests.ts';
import { startCpuMeter } from './cpu-meter.ts';
import { type LoadResult, type LoadSettings, runLoad } from './load-test.ts';
import { eraLabels, labels, printReport, summarise, type Target } from './report.ts';
import { implementationNames, type ServerProcess, startServer } from './server-processes.ts';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
// Servers take ~10 s of load to reach steady state (JIT, heap growth): one long warm-up per target first, then a
// short one (not measured) before each throughput sample. Idle for a minute between their turns, V8 would flush
// their bytecode and shrink their heap, and every sample would start cold (a loaded production server never idles
// like that), so every server child runs with the same two flags that keep it as it was.
const SERVER_NODE_FLAGS = ['--no-flush-bytecode', '--no-memory-reducer'];
const WARMUP: LoadSettings = { connections: 32, durationSeconds: quick ? 4 : 6 };
const REWARM: LoadSettings = { connections: 32, durationSeconds: 2 };
const THROUGHPUT: LoadSettings = { connections: 32, durationSeconds: quick ? 3 : 5 };
const LATENCY: LoadSettings = { connections: 1, durationSeconds: 2 };
const MESSAGE = 'hello from the mcpflow server benchmark';
const eras: readonly Era[] = ['modern', 'legacy'];
const SWEEP_CONNECTIONS = [4, 16, 64] as const;
const SWEEP_SECONDS = 2;
const sweep = new Map<Target, Map<number, LoadResult>>();

const cpus = os.cpus();
console.log('mcpflow server vs raw SDK v2 createMcpHandler vs tmcp 1.20 vs fastmcp 4.20.16 — echo tool over HTTP');
console.log(`date ${new Date().toISOString()} · node ${process.version} · ${os.platform()} ${os.release()}`);
console.log(
  `machine ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `autocannon: ${WARMUP.durationSeconds} s warm-up per target, then per round c=${THROUGHPUT.connections} for ` +
    `${THROUGHPUT.durationSeconds} s (after ${REWARM.durationSeconds} s warm-up) and c=${LATENCY.connections} for ` +
    `${LATENCY.durationSeconds} s · ${ROUNDS} round(s), alternating, medians · server flags ${SERVER_NODE_FLAGS.join(' ')}\n`,
);

const failures: string[] = [];
const servers: ServerProcess[] = [];
const targets: Target[] = [];
const captured = new Map<Target, CapturedCall>();
const stopAll = async () => {
  await Promise.allSettled([...captured.values()].map((call) => call.close()));
  await Promise.allSettled(servers.map((server) => server.stop()));
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  for (const name of implementationNames) servers.push(await startServer(name, SERVER_NODE_FLAGS));
  // Capture each era's request with the real client, then check one raw replay answers with the message.
  for (const era of eras) {
    for (const server of servers) {
      const target: Target = { name: server.name, era, throughput: [], latency: [] };
      targets.push(target);
      try {
        const call = await captureCall(server.url, era, MESSAGE);
        captured.set(target, call);
        await verifyReplay(server.url, call);
        target.session = call.sessionId !== undefined;
      } catch (error) {
        await captured.get(target)?.close();
        captured.delete(target);
        target.unavailable = await reasonOf(server, era, error);
      }
    }
  }
  const runnable = targets.filter((target) => captured.has(target));
  for (const target of runnable) {
    await sample(target, 'warm-up', WARMUP);
    process.stdout.write('.');
  }
  process.stdout.write(' warm-up\n');
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so no implementation always runs first or last.
    const order = runnable.map((_, index) => runnable[(index + round * 3) % runnable.length] as Target);
    for (const target of order) {
      await sample(target, 'warm-up', REWARM);
      target.throughput.push(await sample(target, 'c=32', THROUGHPUT));
      target.latency.push(await sample(target, 'c=1', LATENCY));
      process.stdout.write('.');
    }
    process.stdout.write(` round ${round + 1}/${ROUNDS}\n`);
  }
  for (const connections of SWEEP_CONNECTIONS) {
    for (const target of runnable) {
      const settings = { connections, durationSeconds: SWEEP_SECONDS };
      await sample(target, 'warm-up', { connections, durationSeconds: 1 });
      const points = sweep.get(target) ?? new Map<number, LoadResult>();
      points.set(connections, await sample(target, `c=${connections}`, settings));
      sweep.set(target, points);
      process.stdout.write('.');
    }
  }
  process.stdout.write(` concurrency sweep ${SWEEP_CONNECTIONS.join(', ')}\n`);
} catch (error) {
  failures.push(`benchmark aborted: ${error instanceof Error ? error.stack : String(error)}`);
  for (const server of servers) if (server.stderrTail() !== '') failures.push(`${server.name} stderr: ${server.stderrTail()}`);
} finally {
  await stopAll();
}

const missed = printReport(targets, { throughput: THROUGHPUT, latency: LATENCY });
console.log(
  `load average at the end ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
if (missed.length > 0)
  console.log('to see where mcpflow spends its time: node bench/server/profile-server.ts mcpflow modern|legacy');
writeServerResults();
if (failures.length > 0) {
  console.error(`\nFAILURES (${failures.length}):\n- ${failures.slice(0, 20).join('\n- ')}`);
  process.exit(1);
}
console.log('every response checked: 2xx, no connection errors, body contains the echoed message');

/** One autocannon load with CPU accounting; problems (errors, non-2xx, wrong bodies) become failures. */
async function sample(target: Target, label: string, settings: LoadSettings): Promise<LoadResult> {
  const server = servers.find((candidate) => candidate.name === target.name) as ServerProcess;
  const stop = startCpuMeter(server.pid);
  const result = await runLoad(server.url, captured.get(target) as CapturedCall, MESSAGE, settings);
  const cpu = stop();
  for (const problem of result.problems) failures.push(`${target.name} ${target.era} ${label}: ${problem}`);
  return { ...result, serverCpuMicros: (cpu.serverSeconds * 1e6) / result.total, foreignCores: cpu.foreignCores };
}

async function verifyReplay(url: string, call: CapturedCall): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: call.headers, body: call.body });
  const text = await response.text();
  if (response.status !== 200 || !text.includes(`"text":"${MESSAGE}"`))
    throw new Error(`raw replay answered ${response.status}: ${text.slice(0, 300)}`);
}

/** Why a server cannot be loaded in an era; for 2026, also what it answers to the raw request other servers took. */
async function reasonOf(server: ServerProcess, era: Era, error: unknown): Promise<string> {
  const message = error instanceof Error ? error.message : String(error);
  if (server.name !== 'fastmcp' || era !== 'modern') {
    failures.push(`${server.name} ${era}: ${message}`);
    return message;
  }
  const modern = [...captured.entries()].find(([target]) => target.era === 'modern')?.[1];
  let raw = '';
  if (modern !== undefined) {
    const response = await fetch(server.url, { method: 'POST', headers: modern.headers, body: modern.body });
    raw = `; the raw 2026 tools/call gets ${response.status} ${(await response.text()).replace(/\s+/g, ' ').slice(0, 220)}`;
  }
  return `fastmcp serves 2025-11-25 only (README; v1 SDK inside). Pinned 2026 client: ${message}${raw}`;
}

/** bench/results/server.json: mcpflow against each peer per era, and the latency-vs-connections series. */
function writeServerResults(): void {
  const comparisons: Comparison[] = [];
  const series: Series[] = [];
  const notes: string[] = [];
  const find = (name: string, era: Era) => targets.find((target) => target.name === name && target.era === era);
  for (const era of eras) {
    const ours = find('mcpflow', era);
    const modes = targets.filter((target) => target.era === era && target.unavailable === undefined);
    notes.push(
      `${eraLabels[era]} modes: ${modes.map((target) => `${labels[target.name]} ${target.session === true ? 'session' : 'stateless'}`).join(', ')}`,
    );
    for (const target of targets.filter((candidate) => candidate.era === era)) {
      if (target.unavailable !== undefined)
        notes.push(`${labels[target.name]} ${eraLabels[era]}: not run — ${target.unavailable}`);
      if (target.throughput.length === 0 || target.latency.length === 0) continue;
      const throughput = summarise(target.throughput, THROUGHPUT.connections);
      const latency = summarise(target.latency, LATENCY.connections);
      const points = [
        { concurrency: LATENCY.connections, latencyMs: latency.meanMs },
        ...SWEEP_CONNECTIONS.flatMap((connections) => {
          const result = sweep.get(target)?.get(connections);
          return result === undefined
            ? []
            : [{ concurrency: connections, latencyMs: (connections * 1000) / result.requestsPerSecond }];
        }),
        { concurrency: THROUGHPUT.connections, latencyMs: throughput.meanMs },
      ].sort((a, b) => a.concurrency - b.concurrency);
      series.push({ panel: `server (${eraLabels[era]})`, name: labels[target.name], points });
      if (target.name === 'mcpflow' || ours === undefined || ours.throughput.length === 0 || ours.latency.length === 0) continue;
      const mine = {
        throughput: summarise(ours.throughput, THROUGHPUT.connections),
        latency: summarise(ours.latency, LATENCY.connections),
      };
      const peer = labels[target.name];
      const compare = (figure: string, unit: string, value: number, theirs: number, higherIsBetter: boolean) =>
        comparisons.push({
          figure: `${eraLabels[era]} ${figure}`,
          unit,
          ours: { name: labels.mcpflow, value },
          peer: { name: peer, value: theirs },
          higherIsBetter,
        });
      compare(`c=${THROUGHPUT.connections} throughput`, 'req/s', mine.throughput.rps, throughput.rps, true);
      compare(`c=${THROUGHPUT.connections} p99 latency`, 'ms', mine.throughput.p99, throughput.p99, false);
      compare(`c=${LATENCY.connections} mean latency`, 'ms', mine.latency.meanMs, latency.meanMs, false);
      compare(`c=${THROUGHPUT.connections} server CPU per request`, 'µs', mine.throughput.cpuMicros, throughput.cpuMicros, false);
    }
  }
  writeResults({
    benchmark: 'server',
    method:
      `autocannon replaying a captured tools/call; ${WARMUP.durationSeconds} s warm-up per target; ${ROUNDS} round(s) of ` +
      `c=${THROUGHPUT.connections} for ${THROUGHPUT.durationSeconds} s and c=${LATENCY.connections} for ${LATENCY.durationSeconds} s, medians; ` +
      `one ${SWEEP_SECONDS} s pass at c=${SWEEP_CONNECTIONS.join(', ')}; latency in the curve = connections ÷ req/s`,
    comparisons,
    series,
    notes,
    failures,
  });
}
