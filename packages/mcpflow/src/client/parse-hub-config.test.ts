import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import { loadHubConfig, type McpHubConfig, parseHubConfig } from './parse-hub-config.ts';

function configError(run: () => unknown): McpflowError {
  try {
    run();
  } catch (error) {
    if (McpflowError.isInstance(error, 'CONFIG_INVALID')) return error;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

/** `${env:NAME}`, written so that the linter does not take it for a mistaken template literal. */
const envRef = (name: string) => `\${env:${name}}`;

const env = { TOKEN: 'secret', HOME_DIR: '/home/ada' };

describe('parseHubConfig', () => {
  it('reads the Claude Desktop / Cursor form, inferring the transport', () => {
    const servers = parseHubConfig(
      {
        mcpServers: {
          local: { command: 'node', args: ['server.js', '--root', envRef('HOME_DIR')], env: { API_TOKEN: envRef('TOKEN') } },
          remote: { url: 'https://example.com/mcp', headers: { Authorization: `Bearer ${envRef('TOKEN')}` } },
        },
        globalShortcut: 'ignored: editor files keep other settings here',
      },
      { env },
    );
    expect(servers).toEqual([
      {
        name: 'local',
        transport: 'stdio',
        disabled: false,
        prefix: 'local',
        command: 'node',
        args: ['server.js', '--root', '/home/ada'],
        env: { API_TOKEN: 'secret' },
      },
      {
        name: 'remote',
        transport: 'http',
        disabled: false,
        prefix: 'remote',
        url: 'https://example.com/mcp',
        headers: { Authorization: 'Bearer secret' },
      },
    ]);
  });

  it('reads the VS Code form with explicit types and mcpflow settings', () => {
    const servers = parseHubConfig(
      {
        servers: {
          legacy: { type: 'sse', url: 'http://127.0.0.1:3001/sse' },
          tools: {
            type: 'stdio',
            command: 'tool-server',
            cwd: envRef('HOME_DIR'),
            disabled: true,
            connectTimeoutMs: 5000,
            requestTimeoutMs: 120000,
            include: ['read_*'],
            exclude: ['*secret*'],
            prefix: 't',
            era: { pin: '2026-07-28' },
          },
        },
        inputs: [],
      },
      { env },
    );
    expect(servers[0]).toMatchObject({ name: 'legacy', transport: 'sse', url: 'http://127.0.0.1:3001/sse', headers: {} });
    expect(servers[1]).toEqual({
      name: 'tools',
      transport: 'stdio',
      command: 'tool-server',
      args: [],
      env: {},
      cwd: '/home/ada',
      disabled: true,
      connectTimeoutMs: 5000,
      requestTimeoutMs: 120000,
      include: ['read_*'],
      exclude: ['*secret*'],
      prefix: 't',
      era: { pin: '2026-07-28' },
    });
  });

  it('names the server, field and variable when an environment variable is missing', () => {
    const error = configError(() =>
      parseHubConfig(
        { mcpServers: { github: { url: 'https://x.test/mcp', headers: { Authorization: envRef('GH_TOKEN') } } } },
        { env },
      ),
    );
    expect(error.message).toBe(
      'Server "github": field "headers.Authorization" references environment variable "GH_TOKEN", which is not set',
    );
    expect(error.data).toEqual({ server: 'github', field: 'headers.Authorization', variable: 'GH_TOKEN' });
  });

  it.each([
    [{ mcpServers: { a: { command: 'x', colour: 'red' } } }, 'a', 'colour', 'is not a known server setting'],
    [{ mcpServers: { a: { command: 'x', args: 'not-a-list' } } }, 'a', 'args', 'is invalid'],
    [{ mcpServers: { a: { command: 'x', connectTimeoutMs: -1 } } }, 'a', 'connectTimeoutMs', 'is invalid'],
    [{ mcpServers: { a: { command: 'x', env: { N: 1 } } } }, 'a', 'env.N', 'is invalid'],
    [{ mcpServers: { a: {} } }, 'a', 'command', 'is missing'],
    [{ mcpServers: { a: { command: 'x', url: 'http://h/mcp' } } }, 'a', 'url', 'does not apply to a stdio server'],
    [{ servers: { b: { type: 'http', command: 'x' } } }, 'b', 'command', 'does not apply to a http server'],
    [{ servers: { b: { type: 'stdio' } } }, 'b', 'command', 'is missing for a stdio server'],
    [{ servers: { b: { url: 'not a url' } } }, 'b', 'url', 'is not a valid URL'],
    [{ servers: { b: { command: 'x', era: 'modern' } } }, 'b', 'era', 'is invalid'],
  ])('rejects %j naming server and field', (config, server, field, problem) => {
    const error = configError(() => parseHubConfig(config as McpHubConfig, { env }));
    expect(error.data).toMatchObject({ server, field });
    expect(error.message).toContain(`Server "${server}": field "${field}" ${problem}`);
  });

  it('rejects a configuration without servers or with both forms', () => {
    expect(configError(() => parseHubConfig({})).message).toContain('"servers"');
    expect(configError(() => parseHubConfig({ mcpServers: {}, servers: {} })).message).toContain('both');
    expect(configError(() => parseHubConfig(null as unknown as McpHubConfig)).message).toContain('must be an object');
  });

  it('makes createMcpHub throw before starting anything', () => {
    expect(() => createMcpHub({ mcpServers: { a: { command: 'x', bogus: true } as never } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('loads a JSON file and reports unreadable or malformed files', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcpflow-config-'));
    try {
      const good = join(directory, 'mcp.json');
      await writeFile(good, JSON.stringify({ servers: { s: { type: 'stdio', command: 'x' } } }));
      expect(await loadHubConfig(good)).toEqual({ servers: { s: { type: 'stdio', command: 'x' } } });
      const bad = join(directory, 'bad.json');
      await writeFile(bad, '{ "mcpServers": ');
      await expect(loadHubConfig(bad)).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('not valid JSON'),
      });
      await expect(loadHubConfig(join(directory, 'missing.json'))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('stdio environment and stderr', () => {
  it('lays configured variables over the whole environment and captures stderr per server', async () => {
    // Not an MCP server: it reports what it sees on stderr and exits, so the connection fails fast.
    const script = `process.stderr.write('value=' + process.env.MCPFLOW_TEST_VALUE + ' path=' + (process.env.PATH ? 'yes' : 'no') + '\\n'); process.exit(3)`;
    const hub = createMcpHub(
      {
        mcpServers: {
          probe: { command: process.execPath, args: ['-e', script], env: { MCPFLOW_TEST_VALUE: envRef('FROM_HUB') } },
        },
      },
      { env: { FROM_HUB: 'set' } },
    );
    try {
      await hub.ready;
      expect(hub.server('probe').status).toBe('failed');
      expect(hub.server('probe').lastError?.code).toMatch(/CONNECTION_(CLOSED|FAILED)/);
      expect(hub.stderr('probe')).toEqual(['value=set path=yes']);
    } finally {
      await hub.close();
    }
  });
});
