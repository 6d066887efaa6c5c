import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.ts';
import { mcpflowBin, runMcpflow } from './test-support/run-mcpflow.ts';

const run = promisify(execFile);
const inspector = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', import.meta.url),
);
const examples = fileURLToPath(new URL('../../../../examples/cli/', import.meta.url));
const serverModule = join(examples, 'server.ts');
const workflowsModule = join(examples, 'workflows.ts');

/** Starts `mcpflow serve ... --http 127.0.0.1:0` and resolves with the URL it prints. */
function serveHttp(module: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [mcpflowBin, 'serve', module, '--http', '127.0.0.1:0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving \S+ at (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`mcpflow serve exited ${code}: ${stderr}`)));
  });
}

// The official MCP Inspector CLI as the client: a peer mcpflow did not write lists and calls what `serve` serves.
describe('mcpflow serve, checked with the MCP Inspector', () => {
  let home = '';
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'mcpflow-cli-inspector-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const inspect = async (args: string[]) => {
    const { stdout } = await run(process.execPath, [inspector, '--cli', '--format', 'json', '-q', ...args], {
      env: { ...process.env, HOME: home },
      timeout: 30_000,
    });
    return (JSON.parse(stdout) as { result: Record<string, unknown> }).result;
  };
  const names = (listed: Record<string, unknown>) => (listed.tools as { name: string }[]).map((tool) => tool.name);

  it('serves a default-exported server over stdio: tools, workflow, resource, prompt', async () => {
    const command = ['--', process.execPath, mcpflowBin, 'serve', serverModule];
    expect(names(await inspect(['--method', 'tools/list', ...command]))).toEqual(['checkout', 'add', 'refuse']);
    const added = await inspect([
      '--method',
      'tools/call',
      '--tool-name',
      'add',
      '--tool-args-json',
      '{"a":2,"b":5}',
      ...command,
    ]);
    expect(added).toMatchObject({ content: [{ type: 'text', text: '7' }] });
    const checkout = await inspect([
      '--method',
      'tools/call',
      '--tool-name',
      'checkout',
      '--tool-args-json',
      '{"item":"pear","quantity":4}',
      ...command,
    ]);
    expect(checkout).toMatchObject({ structuredContent: { summary: '4 × pear', total: 3 } });
    const read = await inspect(['--method', 'resources/read', '--uri', 'shop://prices', ...command]);
    expect(read).toMatchObject({ contents: [{ uri: 'shop://prices', text: '{"apple":0.5,"pear":0.75}' }] });
  });

  it('serves named exports (workflows and a tools set) over stdio', async () => {
    const command = ['--', process.execPath, mcpflowBin, 'serve', workflowsModule];
    expect(names(await inspect(['--method', 'tools/list', ...command]))).toEqual(['checkout', 'shout']);
    const shouted = await inspect([
      '--method',
      'tools/call',
      '--tool-name',
      'shout',
      '--tool-args-json',
      '{"text":"hi"}',
      ...command,
    ]);
    expect(shouted).toMatchObject({ content: [{ type: 'text', text: 'HI' }] });
  });

  for (const era of ['legacy', 'modern'] as const) {
    it(`serves over Streamable HTTP on 127.0.0.1 (${era} era), and stops on SIGTERM`, async () => {
      const { child, url } = await serveHttp(serverModule);
      try {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
        expect(names(await inspect(['--protocol-era', era, '--method', 'tools/list', url]))).toEqual([
          'checkout',
          'add',
          'refuse',
        ]);
        const called = await inspect([
          '--protocol-era',
          era,
          '--method',
          'tools/call',
          '--tool-name',
          'add',
          '--tool-args-json',
          '{"a":1,"b":2}',
          url,
        ]);
        expect(called).toMatchObject({ content: [{ type: 'text', text: '3' }] });
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    });
  }

  it('refuses a module that exports nothing servable, exit 3', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcpflow-cli-module-'));
    try {
      await writeFile(join(directory, 'empty.ts'), 'export const answer: number = 42;\n');
      const outcome = await runMcpflow(['serve', join(directory, 'empty.ts')]);
      expect(outcome.code).toBe(exitCodes.config);
      expect(outcome.stderr).toBe(
        'mcpflow: empty exports nothing mcpflow can serve\nhint: export default createMcpflowServer(...), or export workflows (and a `tools` tool set) by name\n',
      );
      const missing = await runMcpflow(['serve', join(directory, 'missing.ts')]);
      expect(missing.code).toBe(exitCodes.config);
      const both = await runMcpflow(['serve', serverModule, '--stdio', '--http', '0']);
      expect(both.code).toBe(exitCodes.usage);
      const badPort = await runMcpflow(['serve', serverModule, '--http', 'localhost']);
      expect(badPort).toMatchObject({ code: exitCodes.usage, stderr: expect.stringContaining('--http takes [HOST:]PORT') });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('mcpflow diagram', () => {
  it('prints the Mermaid flowchart of the exported workflow', async () => {
    const outcome = await runMcpflow(['diagram', workflowsModule]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^flowchart TD\n {2}%% workflow: checkout\n/);
    expect(outcome.stdout).toContain('step0["price"]:::step');
    expect(outcome.stdout).toContain('event0 --> step0');
    const byName = await runMcpflow(['diagram', serverModule, '--workflow', 'checkout']);
    expect(byName.stdout).toBe(outcome.stdout);
    const unknown = await runMcpflow(['diagram', workflowsModule, '--workflow', 'nope']);
    expect(unknown).toMatchObject({
      code: exitCodes.usage,
      stderr: expect.stringContaining('hint: workflows in the module: checkout'),
    });
  });
});
