/**
 * Runs every `examples/<name>/main.ts` as its own process; each example checks its own output and exits non-zero
 * when it is wrong. Needs a built `mcpflow` (`npm run build`), since the examples import the package's dist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const examplesDirectory = import.meta.dirname;
const timeoutMs = 60_000;

const examples = readdirSync(examplesDirectory, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examplesDirectory, entry.name, 'main.ts')))
  .map((entry) => entry.name)
  .sort();

describe('examples', () => {
  it('finds at least one example', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  // process.execPath is the Node running vitest, which must strip types (Node >= 22.18).
  it.each(examples)(
    '%s exits 0',
    (name) => {
      const child = spawnSync(process.execPath, [join(examplesDirectory, name, 'main.ts')], {
        cwd: join(examplesDirectory, '..'),
        encoding: 'utf8',
        timeout: timeoutMs,
      });
      const output = `signal: ${child.signal}\nstdout:\n${child.stdout}\nstderr:\n${child.stderr}`;
      expect(child.error, output).toBeUndefined();
      expect(child.status, output).toBe(0);
    },
    timeoutMs + 5_000,
  );
});
