import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { exitCodes } from './exit-codes.ts';
import { createConfigDirectory, runMcpflow } from './test-support/run-mcpflow.ts';

// The built `mcpflow` bin against the official server-everything over stdio: what a person or a script sees.
describe('mcpflow against server-everything', () => {
  let setup: Awaited<ReturnType<typeof createConfigDirectory>>;
  beforeAll(async () => {
    setup = await createConfigDirectory({ everything: everythingServer() });
  });
  afterAll(() => setup.dispose());
  const mcpflow = (...args: string[]) => runMcpflow(args, { cwd: setup.directory });

  it('servers --json reports each server, found through ./mcp.json', async () => {
    const { code, stdout } = await mcpflow('servers', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        name: 'everything',
        transport: 'stdio',
        status: 'ready',
        era: 'legacy',
        protocolVersion: '2025-11-25',
        tools: expect.any(Number),
        error: null,
        stderr: [],
      },
    ]);
    expect(rows[0]?.tools).toBeGreaterThan(5);
  });

  it('tools shows signatures for people and full schemas with --json', async () => {
    const human = await mcpflow('tools', 'everything');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('everything/get-sum(a: number, b: number)');
    const json = await mcpflow('tools', 'everything', '--json');
    const echo = (JSON.parse(json.stdout) as Record<string, unknown>[]).find((tool) => tool.tool === 'echo');
    expect(echo).toMatchObject({
      name: 'everything/echo',
      exposedName: 'everything__echo',
      server: 'everything',
      description: expect.any(String),
      inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
    });
  });

  it('call prints a tool result, and --json the whole CallToolResult', async () => {
    const human = await mcpflow('call', 'everything/get-sum', '--args', '{"a":2,"b":40}');
    expect(human).toMatchObject({ code: 0, stdout: 'The sum of 2 and 40 is 42.\n' });
    await writeFile(join(setup.directory, 'where.json'), '{"location":"New York"}');
    const json = await mcpflow('call', 'everything/get-structured-content', '--args', '@where.json', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ structuredContent: { temperature: 33, conditions: 'Cloudy', humidity: 82 } });
  });

  it('resources and read', async () => {
    const listed = await mcpflow('resources', '--json');
    const { resources, templates } = JSON.parse(listed.stdout) as {
      resources: { uri: string }[];
      templates: { uriTemplate: string }[];
    };
    expect(resources.map((resource) => resource.uri)).toContain('demo://resource/static/document/architecture.md');
    expect(templates.map((template) => template.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');
    const read = await mcpflow('read', 'demo://resource/static/document/architecture.md');
    expect(read.code).toBe(0);
    expect(read.stdout.length).toBeGreaterThan(100);
    const json = await mcpflow('read', 'demo://resource/dynamic/text/7', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      contents: [{ uri: 'demo://resource/dynamic/text/7', text: expect.any(String) }],
    });
  });

  it('prompts and prompt', async () => {
    const listed = JSON.parse((await mcpflow('prompts', '--json')).stdout) as { name: string; arguments: unknown[] }[];
    expect(listed.find((prompt) => prompt.name === 'everything/args-prompt')).toMatchObject({
      arguments: [
        { name: 'city', required: true },
        { name: 'state', required: false },
      ],
    });
    const human = await mcpflow('prompt', 'everything/args-prompt', '--args', '{"city":"Paris"}');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^user: .*Paris/m);
    const json = await mcpflow('prompt', 'everything/args-prompt', '--args', '{"city":"Paris","state":"TX"}', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ messages: [{ role: 'user', content: { type: 'text' } }] });
  });

  it('names a missing tool, server or prompt in one line with a hint, exit 2', async () => {
    const tool = await mcpflow('call', 'everything/nope');
    expect(tool).toMatchObject({ code: exitCodes.usage, stdout: '' });
    expect(tool.stderr).toBe('mcpflow: No tool "everything/nope"\nhint: `mcpflow tools` lists the tool names (SERVER/TOOL)\n');
    const server = await mcpflow('tools', 'elsewhere');
    expect(server.code).toBe(exitCodes.usage);
    expect(server.stderr).toContain('hint: configured servers: everything');
    const prompt = await mcpflow('prompt', 'everything/nope');
    expect(prompt.code).toBe(exitCodes.usage);
  });

  it('checks arguments against the schema before sending, exit 2', async () => {
    const outcome = await mcpflow('call', 'everything/get-sum', '--args', '{"a":"two"}');
    expect(outcome.code).toBe(exitCodes.usage);
    expect(outcome.stderr).toMatch(/^mcpflow: Invalid arguments for tool "everything__get-sum"/);
    const notJson = await mcpflow('call', 'everything/get-sum', '--args', '{a:1}');
    expect(notJson.code).toBe(exitCodes.usage);
    expect(notJson.stderr).toMatch(/^mcpflow: --args is not valid JSON.*\nhint: pass --args as a JSON object/);
  });

  it('servers exits 4 and explains a server that cannot start, next to the healthy ones', async () => {
    const broken = await createConfigDirectory({
      everything: everythingServer(),
      broken: { command: process.execPath, args: ['-e', 'process.stderr.write("no licence key\\n"); process.exit(1)'] },
    });
    try {
      const { code, stdout } = await runMcpflow(['servers', '--json'], { cwd: broken.directory });
      expect(code).toBe(exitCodes.unavailable);
      const rows = JSON.parse(stdout) as { name: string; status: string; error: { code: string } | null; stderr: string[] }[];
      expect(rows.map((row) => [row.name, row.status])).toEqual([
        ['everything', 'ready'],
        ['broken', 'failed'],
      ]);
      // The process exits before the handshake: the hub calls that a closed connection.
      expect(rows[1]).toMatchObject({ error: { code: expect.stringMatching(/^CONNECTION_/) }, stderr: ['no licence key'] });
    } finally {
      await broken.dispose();
    }
  });
});

describe('mcpflow command line', () => {
  it('pins the exit codes', () => {
    expect(exitCodes).toEqual({ ok: 0, failure: 1, usage: 2, config: 3, unavailable: 4, interrupted: 130 });
  });

  it('answers --version and --help on every command', async () => {
    const version = await runMcpflow(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    for (const command of ['servers', 'tools', 'call', 'resources', 'read', 'prompts', 'prompt', 'serve', 'diagram', 'chat']) {
      const help = await runMcpflow([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: mcpflow ${command}`);
    }
    const top = await runMcpflow(['--help']);
    expect(top.stdout).toContain('Exit codes:');
  });

  it('answers usage errors with exit 2 and a pointer to --help', async () => {
    const unknown = await runMcpflow(['tools', '--frobnicate']);
    expect(unknown.code).toBe(exitCodes.usage);
    expect(unknown.stderr).toContain("error: unknown option '--frobnicate'");
    expect(unknown.stderr).toContain('--help');
    expect((await runMcpflow(['fly'])).code).toBe(exitCodes.usage);
    expect((await runMcpflow(['call'])).code).toBe(exitCodes.usage);
    expect((await runMcpflow(['tools', '--timeout', 'soon'])).code).toBe(exitCodes.usage);
  });

  it('reports a missing or broken configuration in one line, exit 3', async () => {
    const empty = await createConfigDirectory({});
    const elsewhere = join(empty.directory, 'elsewhere');
    await mkdir(elsewhere);
    try {
      // No ./mcp.json here and no Claude Desktop file under this HOME.
      const env = { HOME: empty.directory, XDG_CONFIG_HOME: join(empty.directory, 'config') };
      const missing = await runMcpflow(['servers'], { cwd: elsewhere, env });
      expect(missing.code).toBe(exitCodes.config);
      expect(missing.stderr).toMatch(
        /^mcpflow: No MCP configuration found \(looked for .*mcp\.json and .*claude_desktop_config\.json\)\n/,
      );
      expect(missing.stderr).toContain('hint: create ./mcp.json');
      expect(missing.stderr).not.toContain('    at ');
      await writeFile(empty.config, JSON.stringify({ mcpServers: { bad: { command: 'x', url: 'http://127.0.0.1:1/mcp' } } }));
      const invalid = await runMcpflow(['tools', '--config', empty.config]);
      expect(invalid.code).toBe(exitCodes.config);
      expect(invalid.stderr.split('\n')[0]).toBe('mcpflow: Server "bad": field "url" does not apply to a stdio server');
      // Claude Desktop's file is the last place looked.
      const desktop = join(env.XDG_CONFIG_HOME, 'Claude');
      await mkdir(desktop, { recursive: true });
      await writeFile(join(desktop, 'claude_desktop_config.json'), JSON.stringify({ mcpServers: {} }));
      const found = await runMcpflow(['servers', '--json'], { cwd: elsewhere, env });
      expect(found).toMatchObject({ code: 0, stdout: '[]\n' });
    } finally {
      await empty.dispose();
    }
  });
});
