import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMcpflow } from './test-support/run-mcpflow.ts';

// mcpflow does not depend on @mcpflow/docs: `mcpflow docs` loads it when run. Its own commands are tested in
// packages/docs (src/cli/docs-commands.test.ts); here, only the hand-over and the hint when it is not installed.
describe('mcpflow docs', () => {
  it('names the package to install when @mcpflow/docs is missing, exit 3', async () => {
    const hide = fileURLToPath(new URL('./test-support/hide-packages.fixture.ts', import.meta.url));
    const outcome = await runMcpflow(['docs', 'parse', 'notes.md'], {
      env: { NODE_OPTIONS: `--import=${hide}`, MCPFLOW_TEST_HIDE: '@mcpflow/docs/cli' },
    });
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr.split('\n')[0]).toBe(
      'mcpflow: `mcpflow docs` needs @mcpflow/docs, which is not installed: npm install @mcpflow/docs',
    );
  });

  it('hands every argument and flag to @mcpflow/docs when it is installed', async () => {
    const help = await runMcpflow(['docs', 'query', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mcpflow docs query [options] <text>');
    const summary = await runMcpflow(['--help']);
    expect(summary.stdout).toMatch(/docs \[arguments\.\.\.\]\s+parse, index, query, extract and serve documents/);
  });
});
