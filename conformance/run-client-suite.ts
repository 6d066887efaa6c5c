// Runs the official MCP conformance suite (client side) against conformance/client/fixture-client.ts: every
// client scenario of 0.2.0-alpha.12 at 2025-11-25 and at 2026-07-28, its extension scenarios, and every client
// scenario of 0.1.16, ONE SCENARIO AT A TIME (in parallel, load alone fails some on 2 cores). Prints one
// `Total: N passed, M failed` line. Run it inside a private network namespace (`npm run conformance:client`
// does): the suite's mock servers bind all interfaces. `--required` runs only the scenarios a revision requires.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const fixture = fileURLToPath(new URL('./client/fixture-client.ts', import.meta.url));
const baselineOf = (name: string) => fileURLToPath(new URL(`./client/expected-failures.${name}.yaml`, import.meta.url));
const requiredOnly = process.argv.includes('--required');
// `--only <name>` (repeatable) narrows every leg to those scenarios, for debugging one.
const only = process.argv.flatMap((argument, index) => (process.argv[index - 1] === '--only' ? [argument] : []));

interface Leg {
  name: string;
  suite: 'conformance-stable' | 'conformance-next';
  /** `--spec-version` for every run of the leg; undefined runs each scenario at its own version. */
  specVersion?: string;
  /** Which listed scenarios the leg runs. */
  select(tags: string[]): boolean;
  /** Which of them count as required (the rest are attempted and must be in the baseline when they fail). */
  required(name: string, tags: string[]): boolean;
  baseline: string;
}

const requiredSet = async (revision: string) =>
  new Set((await listScenarios('conformance-next', ['--requirements', revision], true)).map(([name]) => name));

const required2025 = await requiredSet('2025-11-25');
const required2026 = await requiredSet('2026-07-28');
const legs: Leg[] = [
  {
    name: '0.2.0-alpha.12 --spec-version 2025-11-25',
    suite: 'conformance-next',
    specVersion: '2025-11-25',
    select: () => true,
    required: (name) => required2025.has(name),
    baseline: baselineOf('2025-11-25'),
  },
  {
    name: '0.2.0-alpha.12 --spec-version 2026-07-28',
    suite: 'conformance-next',
    specVersion: '2026-07-28',
    select: () => true,
    required: (name) => required2026.has(name),
    baseline: baselineOf('2026-07-28'),
  },
  {
    // Extensions are selected by no --spec-version; the 2025-03-26 back-compat scenarios predate 2025-11-25.
    name: '0.2.0-alpha.12 extensions and 2025-03-26 back-compat',
    suite: 'conformance-next',
    select: (tags) => tags.includes('extension') || tags.includes('2025-03-26'),
    required: () => false,
    baseline: baselineOf('extensions'),
  },
  {
    // 0.1.16 has no --requirements: what 2025-11-25 requires (frozen in alpha.12) is required here too.
    name: '0.1.16',
    suite: 'conformance-stable',
    select: () => true,
    required: (name) => required2025.has(name),
    baseline: baselineOf('0.1.16'),
  },
];

const totals = { passed: 0, failed: 0, expected: 0, untested: 0 };
let exitCode = 0;
const output = await mkdtemp(join(tmpdir(), 'mcpflow-conformance-client-'));
const started = Date.now();
try {
  for (const leg of legs) {
    const listed = await listScenarios(leg.suite, leg.specVersion === undefined ? [] : ['--spec-version', leg.specVersion]);
    const scenarios = listed
      .filter(([, tags]) => leg.select(tags))
      .filter(([name, tags]) => !requiredOnly || leg.required(name, tags))
      .filter(([name]) => only.length === 0 || only.includes(name));
    const tally = { passed: 0, failed: 0, expected: 0, scenarios: 0, requiredFailed: 0, untested: 0 };
    const failing: string[] = [];
    for (const [name, tags] of scenarios) {
      const args = [
        `${root}node_modules/${leg.suite}/dist/index.js`,
        'client',
        '--command',
        `${process.execPath} ${fixture}`,
        '--scenario',
        name,
        ...(leg.specVersion === undefined ? [] : ['--spec-version', leg.specVersion]),
        ...(requiredOnly ? [] : ['--expected-failures', leg.baseline]),
        '-o',
        output,
      ];
      const { code, text } = await run(process.execPath, args);
      const counts = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(text) ?? /Total: (\d+) passed, (\d+) failed/.exec(text);
      const passed = Number(counts?.[1] ?? 0);
      const failed = counts === null ? 1 : Number(/Passed:/.test(counts[0]) ? counts[3] : counts[2]);
      // Exit 0 with failures: the baseline expects them. Exit 1: a regression, a stale baseline entry, or a crash.
      const expected = code === 0 ? failed : 0;
      tally.scenarios += 1;
      tally.passed += passed;
      tally.failed += failed - expected;
      tally.expected += expected;
      if (code === 0 && passed === 0 && failed === 0) {
        // Every check SKIPPED: the fixture does not drive this scenario (see the leg's baseline file for why).
        tally.untested += 1;
        failing.push(`    ? ${name}: no check ran (not tested)`);
      } else if (code !== 0 || counts === null) {
        exitCode = 1;
        const isRequired = leg.required(name, tags);
        if (isRequired) tally.requiredFailed += 1;
        const stale = failed === 0 && counts !== null ? ' (stale baseline entry: it passes now)' : '';
        failing.push(`    ✗ ${name}${isRequired ? ' [required]' : ''}: ${passed} passed, ${failed} failed${stale}`);
      } else if (expected > 0) {
        failing.push(`    ~ ${name}: ${failed} failed, expected by the baseline`);
      }
    }
    totals.passed += tally.passed;
    totals.failed += tally.failed;
    totals.expected += tally.expected;
    totals.untested += tally.untested;
    process.stdout.write(
      `${leg.name}: ${tally.scenarios} scenarios, ${tally.passed} checks passed, ${tally.failed} failed` +
        `${tally.expected > 0 ? `, ${tally.expected} expected by the baseline` : ''}; required scenarios failing: ${tally.requiredFailed}` +
        `${tally.untested > 0 ? `; not tested: ${tally.untested}` : ''}\n`,
    );
    for (const line of failing) process.stdout.write(`${line}\n`);
    const requiredCount = scenarios.filter(([name, tags]) => leg.required(name, tags)).length;
    process.stdout.write(`    (${requiredCount} of the ${tally.scenarios} scenarios are required)\n`);
  }
} finally {
  await rm(output, { recursive: true, force: true });
}
const notes = [
  ...(totals.expected > 0 ? [`plus ${totals.expected} failures the baselines expect`] : []),
  ...(totals.untested > 0 ? [`${totals.untested} scenarios not tested`] : []),
];
const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
process.stdout.write(`\nWall time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`Total: ${totals.passed} passed, ${totals.failed} failed${note}\n`);
process.exit(exitCode);

/** `conformance list --client`: `[name, tags]` per scenario; `requirementsOnly` keeps the scored client section. */
async function listScenarios(suite: string, args: string[], requirementsOnly = false): Promise<[string, string[]][]> {
  const { text } = await run(process.execPath, [`${root}node_modules/${suite}/dist/index.js`, 'list', '--client', ...args]);
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Client scenarios'));
  const end = requirementsOnly ? lines.findIndex((line, index) => index > start && !line.startsWith('  - ')) : lines.length;
  return lines
    .slice(start + 1, end === -1 ? lines.length : end)
    .map((line) => /^ {2}- (\S+)(?: \[([^\]]*)\])?$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1] ?? '', (match[2] ?? '').split(',')]);
}

function run(command: string, args: string[]): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, text }));
  });
}
