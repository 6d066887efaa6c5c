import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingServer, filesystemServer } from '../client/test-support/reference-servers.ts';
import { exitCodes } from './exit-codes.ts';
import { createConfigDirectory, mcpflowBin, runMcpflow } from './test-support/run-mcpflow.ts';
import { startInTerminal } from './test-support/start-in-terminal.ts';

// `mcpflow call` against the official filesystem server: real files, a real isError, real progress.
describe('mcpflow call', () => {
  let setup: Awaited<ReturnType<typeof createConfigDirectory>>;
  let root = '';
  beforeAll(async () => {
    setup = await createConfigDirectory({});
    root = join(setup.directory, 'root');
    await mkdir(root);
    await writeFile(join(root, 'notes.txt'), 'first line\nsecond line\n');
    await writeFile(
      setup.config,
      JSON.stringify({ mcpServers: { files: filesystemServer(root), everything: everythingServer() } }),
    );
  });
  afterAll(() => setup.dispose());
  const mcpflow = (...args: string[]) => runMcpflow(args, { cwd: setup.directory });

  it('reads a file and writes one', async () => {
    const read = await mcpflow('call', 'files/read_text_file', '--args', JSON.stringify({ path: join(root, 'notes.txt') }));
    expect(read).toMatchObject({ code: 0, stdout: 'first line\nsecond line\n' });
    const written = await mcpflow(
      'call',
      'files/write_file',
      '--args',
      JSON.stringify({ path: join(root, 'new.txt'), content: 'written by mcpflow' }),
    );
    expect(written.code).toBe(0);
    expect(await readFile(join(root, 'new.txt'), 'utf8')).toBe('written by mcpflow');
  });

  it('prints the structured result with --json', async () => {
    const json = await mcpflow(
      'call',
      'files/read_text_file',
      '--json',
      '--args',
      JSON.stringify({ path: join(root, 'notes.txt') }),
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      content: [{ type: 'text', text: 'first line\nsecond line\n' }],
      structuredContent: { content: 'first line\nsecond line\n' },
    });
  });

  it('exits 1 on an isError result and still prints what the tool said', async () => {
    const denied = await mcpflow('call', 'files/read_text_file', '--args', '{"path":"/etc/hostname"}');
    expect(denied.code).toBe(exitCodes.failure);
    expect(denied.stdout).toMatch(/^Access denied - path outside allowed directories/);
    expect(denied.stderr).toBe('mcpflow: tool files/read_text_file reported an error (isError)\n');
    const json = await mcpflow('call', 'files/read_text_file', '--json', '--args', '{"path":"/etc/hostname"}');
    expect(json.code).toBe(exitCodes.failure);
    expect(JSON.parse(json.stdout)).toMatchObject({ isError: true, content: [{ type: 'text' }] });
  });

  it('shows progress on stderr, keeping stdout for the result', async () => {
    const outcome = await mcpflow('call', 'everything/trigger-long-running-operation', '--args', '{"duration":1,"steps":3}');
    expect(outcome.code).toBe(0);
    // The last notification may race the result; the earlier ones cannot.
    expect(outcome.stderr).toContain('progress: 1/3\nprogress: 2/3\n');
    expect(outcome.stdout).toContain('Long running operation completed');
  });

  it('cancels the call on Ctrl-C (SIGINT) and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [mcpflowBin, 'call', 'everything/trigger-long-running-operation', '--args', '{"duration":30,"steps":30}'],
      { cwd: setup.directory, env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('progress:')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await started;
    const interrupted = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(exitCodes.interrupted);
    expect(Date.now() - interrupted).toBeLessThan(10_000);
    expect(stderr).toContain('mcpflow: Cancelled everything/trigger-long-running-operation');
  });

  it("renders a server's elicitation form as prompts on a terminal, and prints the result", async () => {
    const terminal = startInTerminal([process.execPath, mcpflowBin, 'call', 'everything/trigger-elicitation-request'], {
      cwd: setup.directory,
    });
    try {
      let at = await terminal.waitFor('◆  String (Your full, legal name)');
      terminal.type('Grace\r');
      // The other fields have defaults or are optional: Enter keeps them.
      for (;;) {
        const next = await terminal.waitFor(/◆|"name": "Grace"/, at);
        if (terminal.output()[next - 1] !== '◆') break;
        at = next;
        await new Promise((resolve) => setTimeout(resolve, 50));
        terminal.type('\r');
      }
      expect(await terminal.exited).toBe(0);
      expect(terminal.output()).toContain('"legacyTitledEnum": "pet-1"');
    } finally {
      terminal.kill();
    }
  }, 40_000);
});
