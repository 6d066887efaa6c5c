/**
 * Where a server's time goes under the benchmark load: `node bench/server/profile-server.ts [mcpflow|sdk|tmcp|fastmcp]
 * [modern|legacy]` runs that server child with `--cpu-prof`, loads it like run.ts (c=32), stops it, and summarises
 * the profile: top self-time functions, self time by package, and inclusive time of the busiest server frames.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatRatio, renderTable } from '../workflow/stats.ts';
import { captureCall, type Era } from './capture-requests.ts';
import { runLoad } from './load-test.ts';
import { type ImplementationName, implementationNames, startServer } from './server-processes.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const name = (process.argv[2] ?? 'mcpflow') as ImplementationName;
const era = (process.argv[3] ?? 'modern') as Era;
if (!implementationNames.includes(name) || (era !== 'modern' && era !== 'legacy')) {
  console.error(`usage: profile-server.ts [${implementationNames.join('|')}] [modern|legacy]`);
  process.exit(2);
}
const message = 'hello from the mcpflow server benchmark';
const directory = mkdtempSync(path.join(os.tmpdir(), 'mcpflow-server-profile-'));
const server = await startServer(name, ['--cpu-prof', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=250']);
// Only the samples of the measured load count: warm-up (JIT, heap growth) comes first and is cut off by time.
let measuredStart = Number.NaN;
try {
  const call = await captureCall(server.url, era, message);
  await runLoad(server.url, call, message, { connections: 32, durationSeconds: 10 });
  measuredStart = performance.now();
  const result = await runLoad(server.url, call, message, { connections: 32, durationSeconds: 8 });
  await call.close();
  const problems = result.problems.join('; ');
  console.log(`${name} ${era}, c=32 under --cpu-prof: ${Math.round(result.requestsPerSecond)} req/s ${problems}`);
} finally {
  await server.stop();
}
const measuredMicros = (performance.now() - measuredStart) * 1000;
const file = readdirSync(directory).find((entry) => entry.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no profile written in ${directory}`);
const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as CpuProfile;
rmSync(directory, { recursive: true, force: true });

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

function packageOf(url: string): string {
  if (url === '') return '(vm: gc, program, native)';
  if (url.startsWith('node:')) return 'node: built-ins';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 14).split('/');
    return first?.startsWith('@') === true ? `${first}/${second}` : (first ?? url);
  }
  if (url.includes('/packages/mcpflow/')) return 'mcpflow';
  if (url.includes('/bench/server/')) return 'bench server script';
  return url;
}
const keyOf = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'}  ${url === '' ? '' : `${packageOf(url)} ${path.basename(url)}:${lineNumber + 1}`}`;

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const packages = new Map<string, number>();
let total = 0;
let timestamp = profile.startTime;
for (const [index, id] of profile.samples.entries()) {
  const node = byId.get(id) as ProfileNode;
  timestamp += profile.timeDeltas[index] ?? 0;
  const delta = profile.timeDeltas[index + 1] ?? 0;
  if (node.callFrame.functionName === '(idle)' || timestamp < profile.endTime - measuredMicros) continue;
  total += delta;
  self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + delta);
  const pkg = packageOf(node.callFrame.url);
  packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const key = keyOf(byId.get(current) as ProfileNode);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
  }
}
const top = (map: Map<string, number>, count: number, keep: (key: string) => boolean = () => true) =>
  [...map.entries()]
    .filter(([key]) => keep(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => [key, `${(micros / 1000).toFixed(0)} ms`, formatRatio(micros / total).replace('×', '')]);
console.log(`\nmain-thread busy time in the measured 8 s: ${(total / 1e6).toFixed(2)} s (idle excluded); shares are of it\n`);
console.log(renderTable(['self time by package', 'ms', 'share'], top(packages, 12)));
console.log(`\n${renderTable(['top self-time functions', 'ms', 'share'], top(self, 25))}`);
const serverFrame = (key: string) => /@modelcontextprotocol|mcpflow|tmcp|fastmcp|mcp-proxy|zod/.test(key);
console.log(`\n${renderTable(['inclusive time, server-library frames', 'ms', 'share'], top(inclusive, 30, serverFrame))}`);
