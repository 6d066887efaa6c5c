import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInTerminal } from '../../../mcpflow/src/cli/test-support/start-in-terminal.ts';
import { encryptPdf, qpdfAvailable } from '../test-support/encrypt-pdf.ts';
import { tablePage } from '../test-support/pdf-fixtures.ts';

const mcpflowBin = fileURLToPath(new URL('../../../mcpflow/dist/bin/mcpflow.js', import.meta.url));

if (!qpdfAvailable)
  console.warn('SKIPPED: qpdf is not installed (apt-get install qpdf), so `docs parse --password` is not tested');

function docs(args: string[], cwd: string, options: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', MCPFLOW_PDF_PASSWORD: '', ...options.env };
    const child = execFile(
      process.execPath,
      [mcpflowBin, 'docs', ...args],
      { cwd, env, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

describe.skipIf(!qpdfAvailable)('mcpflow docs parse/index --password', () => {
  let folder = '';
  let file = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mcpflow-docs-password-'));
    await mkdir(join(folder, 'docs'));
    file = join(folder, 'docs', 'locked.pdf');
    await writeFile(file, await encryptPdf((await tablePage(true)).bytes, 'open-sesame', 'owner-key'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses without a password (exit 2, a hint) and with a wrong one, never printing it', async () => {
    const missing = await docs(['parse', file], folder);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('mcpflow: cannot read the PDF: it is encrypted and needs a password');
    expect(missing.stderr).toContain('MCPFLOW_PDF_PASSWORD');
    const wrong = await docs(['parse', file, '--password', 'not-the-one'], folder);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the password given for it is incorrect');
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-one');
  });

  it('takes it as a value, from $MCPFLOW_PDF_PASSWORD, or from stdin for --password alone', async () => {
    const given = await docs(['parse', file, '--password', 'open-sesame'], folder);
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toContain('revenue by region');
    const fromEnv = await docs(['parse', file], folder, { env: { MCPFLOW_PDF_PASSWORD: 'owner-key' } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toBe(given.stdout);
    const fromStdin = await docs(['parse', file, '--password'], folder, { input: 'open-sesame\n' });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(given.stdout);
  });

  it('asks on a terminal without echoing what is typed', async () => {
    const terminal = startInTerminal([process.execPath, mcpflowBin, 'docs', 'parse', file, '--password'], {
      cwd: folder,
      env: { NO_COLOR: '1', MCPFLOW_PDF_PASSWORD: '' },
    });
    try {
      const prompt = await terminal.waitFor('PDF password: ');
      terminal.type('open-sesame\r');
      await terminal.waitFor('revenue by region', prompt);
      expect(await terminal.exited).toBe(0);
      expect(terminal.output()).not.toContain('open-sesame');
    } finally {
      terminal.kill();
    }
  });

  it('indexes encrypted PDFs with --password, and reports a wrong one per file without printing it', async () => {
    const database = join(folder, 'index.db');
    const wrong = await docs(['index', join(folder, 'docs'), '--db', database, '--password', 'bad-guess', '--json'], folder);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({
      added: 0,
      failed: [{ file: 'locked.pdf', error: 'cannot read the PDF: the password given for it is incorrect' }],
    });
    expect(wrong.stderr + wrong.stdout).not.toContain('bad-guess');
    const right = await docs(['index', join(folder, 'docs'), '--db', database, '--password', 'open-sesame'], folder);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toContain('1 added');
  });
});
