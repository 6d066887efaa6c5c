import { describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { McpHub } from './mcp-hub.ts';
import { isProcessAlive } from './terminate-process.ts';
import { everythingServer, fixtureServer, waitFor } from './test-support/reference-servers.ts';

async function failure(promise: Promise<unknown>): Promise<McpflowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!McpflowError.isInstance(error)) throw new Error(`expected an McpflowError, got ${String(error)}`);
  return error;
}

async function stats(hub: McpHub, tool = 'fixture__stats'): Promise<{ add: number; cancelled: number }> {
  const result = await hub.callTool(tool, {});
  const block = result.content[0];
  return JSON.parse(block?.type === 'text' ? block.text : '{}') as { add: number; cancelled: number };
}

function pidOf(hub: McpHub, server: string): number {
  const pid = hub.server(server).pid;
  if (pid === undefined) throw new Error(`no pid for ${server}`);
  return pid;
}

describe('hub lifecycle and faults', () => {
  it('isolates a broken server, kills every child on close, and leaves no process behind', async () => {
    const hub = createMcpHub({
      mcpServers: {
        broken: { command: '/nonexistent/mcp-server' },
        fixture: fixtureServer(),
        everything: everythingServer(),
        off: { ...everythingServer(), disabled: true },
      },
    });
    await hub.ready;
    const statuses = Object.fromEntries(hub.servers().map((server) => [server.name, server.status]));
    expect(statuses).toEqual({ broken: 'failed', fixture: 'ready', everything: 'ready', off: 'disabled' });
    expect(hub.server('broken').lastError).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringContaining('ENOENT'),
    });
    expect((await failure(hub.callTool('broken__anything'))).code).toBe('NOT_FOUND');
    expect((await hub.callTool('fixture__add', { a: 1, b: 2 })).content).toEqual([{ type: 'text', text: '3' }]);

    const pids = [pidOf(hub, 'fixture'), pidOf(hub, 'everything')];
    const started = Date.now();
    await hub.close();
    expect(Date.now() - started).toBeLessThan(3000);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(hub.servers().every((server) => server.status === 'closed' || server.status === 'disabled')).toBe(true);
    expect((await failure(hub.callTool('fixture__add', { a: 1, b: 2 }))).code).toBe('CONNECTION_CLOSED');
  });

  it('fails calls on a killed server quickly, reconnects, and the next call succeeds', async () => {
    const hub = createMcpHub({ mcpServers: { everything: everythingServer() } }, { reconnect: { initialDelayMs: 50 } });
    try {
      await hub.ready;
      const firstPid = pidOf(hub, 'everything');
      const call = hub.callTool('everything__trigger-long-running-operation', { duration: 10, steps: 10 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const killedAt = Date.now();
      process.kill(firstPid, 'SIGKILL');
      const error = await failure(call);
      expect(error.code).toBe('CONNECTION_CLOSED');
      expect(Date.now() - killedAt).toBeLessThan(1000);

      await waitFor(() => hub.server('everything').status === 'ready', 10_000, 'the reconnect');
      expect(hub.server('everything')).toMatchObject({ reconnects: 1, lastError: undefined });
      const secondPid = pidOf(hub, 'everything');
      expect(secondPid).not.toBe(firstPid);
      expect(isProcessAlive(firstPid)).toBe(false);
      expect((await hub.callTool('everything__get-sum', { a: 2, b: 40 })).content).toEqual([
        { type: 'text', text: 'The sum of 2 and 40 is 42.' },
      ]);
    } finally {
      await hub.close();
    }
  });

  it('times out a hung call, cancels it on the server, and never sends invalid arguments', async () => {
    const hub = createMcpHub({ mcpServers: { fixture: fixtureServer() } }, { connect: 'lazy' });
    try {
      expect(hub.server('fixture').status).toBe('idle');
      const started = Date.now();
      const timedOut = await failure(hub.callTool('fixture__hang', {}, { timeoutMs: 300 }));
      expect(timedOut.code).toBe('REQUEST_TIMEOUT');
      expect(hub.server('fixture').status).toBe('ready');

      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const aborted = await failure(hub.callTool('fixture__hang', {}, { signal: controller.signal }));
      expect(aborted.code).toBe('CANCELLED');
      expect(Date.now() - started).toBeLessThan(10_000);

      const invalid = await failure(hub.callTool('fixture__add', { a: 1, b: 'two', c: 3 }));
      expect(invalid.code).toBe('INVALID_ARGUMENTS');
      expect(await stats(hub)).toEqual({ add: 0, cancelled: 2 });
    } finally {
      await hub.close();
    }
  });

  it('refreshes the catalog on list_changed, negotiates the modern era, and reports name collisions', async () => {
    const hub = createMcpHub(
      {
        servers: {
          first: { type: 'stdio', ...fixtureServer({ prefix: 'fx' }) },
          second: { type: 'stdio', ...fixtureServer({ prefix: 'fx', era: { pin: '2026-07-28' } }) },
        },
      },
      { listChangedDebounceMs: 10 },
    );
    try {
      await hub.ready;
      expect(hub.servers().map((server) => [server.name, server.status, server.era])).toEqual([
        ['first', 'ready', 'legacy'],
        ['second', 'ready', 'modern'],
      ]);
      const collision = hub.collisions().find((candidate) => candidate.name === 'fx__add');
      expect(collision?.claimants.map((claimant) => claimant.server)).toEqual(['first', 'second']);
      const renamed = collision?.claimants[1]?.exposedName ?? '';
      expect(renamed).toMatch(/^fx__add_[0-9a-f]{8}$/);
      expect((await hub.callTool(renamed, { a: 20, b: 22 })).content).toEqual([{ type: 'text', text: '42' }]);

      for (const server of ['first', 'second']) {
        const tools = (await hub.listTools()).filter((tool) => tool.server === server);
        expect(tools.some((tool) => tool.serverToolName === 'extra')).toBe(false);
        const unlock = tools.find((tool) => tool.serverToolName === 'unlock-extra');
        await hub.callTool(unlock?.name ?? '', {});
      }
      const extras = async () => (await hub.listTools()).filter((tool) => tool.serverToolName === 'extra').length;
      await waitFor(async () => (await extras()) === 2, 5000, 'both list_changed refreshes');
    } finally {
      await hub.close();
    }
  });
});
