/**
 * `npm run bench`: every benchmark, one after another, then bench/RESULTS.md and the latency plot.
 *
 *   npm run bench                          # all: workflow, client, server, docs, docs-index, cli
 *   npm run bench -- client server         # a subset, by name
 *   npm run bench -- --quick               # one short round each (for trying changes; not for publishing)
 *   node bench/report/generate.ts          # only re-render RESULTS.md from bench/results/*.json
 *
 * Each benchmark is its root `bench:<name>` npm script (docs-index: `bench:docs:index`), run once the build is done
 * (the script's own leading `npm run build &&` is skipped). A script that does not exist is reported as
 * "not run (script absent)". Each benchmark has a time limit; its console output is shown and kept in
 * bench/results/logs/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from './report/generate.ts';
import { describeMachine, type RunRecord } from './report/machine.ts';
import { resultsDirectory } from './report/results-file.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const allBenchmarks = ['workflow', 'client', 'server', 'docs', 'docs-index', 'cli'] as const;
/** What `--quick` adds to each benchmark's command (those absent have no shorter mode). */
const quickFlags: Record<string, string> = {
  client: '--quick',
  server: '--quick',
  docs: '--quick',
  'docs-index': '--chunks 10000 --queries 100',
};
/** The npm script of a benchmark, when it is not `bench:<name>`. */
const scriptNames: Record<string, string> = { 'docs-index': 'bench:docs:index' };
const LIMIT_MINUTES = 9;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((arg) => !arg.startsWith('--'));
const unknown = chosen.filter((name) => !(allBenchmarks as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${allBenchmarks.join(', ')}`);
  process.exit(2);
}
const selected = chosen.length > 0 ? chosen : [...allBenchmarks];
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

const directory = resultsDirectory();
const logs = path.join(directory, 'logs');
mkdirSync(logs, { recursive: true });
const machine = describeMachine();
const started = performance.now();
console.log(`mcpflow benchmarks: ${selected.join(', ')}${quick ? ' (quick)' : ''}\n${machine.summary}\n`);

if ((await runCommand('build', 'npm run build', path.join(logs, 'build.log'), 10)) !== 0) {
  console.error(`build failed: see ${path.join(logs, 'build.log')}`);
  process.exit(1);
}
const runs: RunRecord[] = [];
for (const name of selected) {
  const script = scripts[scriptNames[name] ?? `bench:${name}`];
  rmSync(path.join(directory, `${name}.json`), { force: true });
  if (script === undefined) {
    runs.push({ benchmark: name, status: 'not run (script absent)', seconds: 0 });
    console.log(`bench:${name}: not run (script absent)`);
    continue;
  }
  const command = `${script.replace(/^npm run build && /, '')}${quick && quickFlags[name] ? ` ${quickFlags[name]}` : ''}`;
  const log = path.join(logs, `${name}.log`);
  const begin = performance.now();
  const code = await runCommand(`bench:${name}`, command, log, LIMIT_MINUTES);
  const seconds = (performance.now() - begin) / 1000;
  const status = code === 0 ? 'ok' : code === 'timeout' ? `timed out after ${LIMIT_MINUTES} min` : `failed (exit ${code})`;
  runs.push({ benchmark: name, status, seconds, log: path.relative(directory, log) });
  console.log(`bench:${name}: ${status} in ${seconds.toFixed(0)} s`);
}
// A subset keeps the other benchmarks' records from the run before, so RESULTS.md still shows every result file.
const previousFile = path.join(directory, 'run.json');
if (existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as { runs?: RunRecord[] };
  for (const record of previous.runs ?? []) {
    if (selected.includes(record.benchmark)) continue;
    const earlier = record.status.endsWith('(earlier run)') ? record.status : `${record.status} (earlier run)`;
    runs.push({ ...record, status: earlier });
  }
  runs.sort((a, b) => allBenchmarks.indexOf(a.benchmark as never) - allBenchmarks.indexOf(b.benchmark as never));
}
const wallSeconds = (performance.now() - started) / 1000;
writeFileSync(
  path.join(directory, 'run.json'),
  `${JSON.stringify({ machine, runs, wallSeconds, quick, loadAverageAtEnd: machine.loadAverageNow() }, null, 2)}\n`,
);
const written = writeReport(directory, path.join(root, 'bench'));
console.log(
  `\nwall time ${(wallSeconds / 60).toFixed(1)} min · wrote ${written.map((file) => path.relative(root, file)).join(', ')}`,
);
const failed = runs.filter(
  (run) => selected.includes(run.benchmark) && run.status !== 'ok' && run.status !== 'not run (script absent)',
);
if (failed.length > 0) process.exitCode = 1;

/** Runs a shell command from the repo root with its output teed to `log`; resolves its exit code or 'timeout'. */
function runCommand(label: string, command: string, log: string, minutes: number): Promise<number | 'timeout'> {
  console.log(`> ${label}: ${command}`);
  const output: Buffer[] = [];
  const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const keep = (chunk: Buffer) => {
    output.push(chunk);
    process.stdout.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve) => {
    let timedOut = false;
    // The whole process group (the shell, npm and the benchmark's own children), by its id only.
    const timer = setTimeout(
      () => {
        timedOut = true;
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      },
      minutes * 60 * 1000,
    );
    child.on('close', (code) => {
      clearTimeout(timer);
      writeFileSync(log, Buffer.concat(output));
      resolve(timedOut ? 'timeout' : (code ?? 1));
    });
  });
}
