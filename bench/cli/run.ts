/**
 * Cold start of `mcpflow --version` next to `node -e 0` (the floor any Node CLI pays), measured in one run,
 * interleaved so that load on the machine hits both alike. Target: mcpflow under 150 ms on Node 24.
 *
 *   npm run bench:cli            # 20 spawns each
 *   node bench/cli/run.ts 50     # more spawns
 *
 * Results also go to bench/results/cli.json (see bench/report/).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeResults } from '../report/results-file.ts';

const bin = fileURLToPath(new URL('../../packages/mcpflow/dist/bin/mcpflow.js', import.meta.url));
const runs = Number(process.argv[2] ?? 20);
const targetMs = 150;

const commands = {
  'node -e 0': ['-e', '0'],
  'mcpflow --version': [bin, '--version'],
  'mcpflow --help': [bin, '--help'],
} as const;

function spawnMs(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return elapsed;
}

const percentile = (values: number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
};

const samples = new Map<string, number[]>(Object.keys(commands).map((name) => [name, []]));
for (const args of Object.values(commands)) spawnMs(args); // warm the file cache, as a second invocation would be
for (let round = 0; round < runs; round += 1) {
  for (const [name, args] of Object.entries(commands)) samples.get(name)?.push(spawnMs(args));
}

const baseline = percentile(samples.get('node -e 0') ?? [], 0.5);
console.log(`Node ${process.version}, ${runs} spawns each, interleaved\n`);
console.log('command              median ms   p90 ms   over node -e 0');
for (const [name, values] of samples) {
  const median = percentile(values, 0.5);
  const over = name === 'node -e 0' ? '' : `+${(median - baseline).toFixed(1)} ms (${(median / baseline).toFixed(2)}×)`;
  console.log(`${name.padEnd(20)} ${median.toFixed(1).padStart(9)} ${percentile(values, 0.9).toFixed(1).padStart(8)}   ${over}`);
}
const version = percentile(samples.get('mcpflow --version') ?? [], 0.5);
console.log(
  `\nmcpflow --version median ${version.toFixed(1)} ms: ${version < targetMs ? 'within' : 'OVER'} the ${targetMs} ms target`,
);
writeResults({
  benchmark: 'cli',
  method: `${runs} spawns each, interleaved, medians (the peer is \`node -e 0\`, the floor any Node CLI pays)`,
  comparisons: ['mcpflow --version', 'mcpflow --help'].map((name) => ({
    figure: `cold start \`${name}\``,
    unit: 'ms',
    ours: { name: 'mcpflow', value: percentile(samples.get(name) ?? [], 0.5) },
    peer: { name: 'node -e 0', value: baseline },
    higherIsBetter: false,
  })),
});
