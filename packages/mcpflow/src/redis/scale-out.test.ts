import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import { modernRequest, waitForTask } from '../server/test-support/modern-request.fixture.ts';
import { type ServerProcess, startServerProcess } from './test-support/child-process.fixture.ts';
import { type RedisFixture, redisMissingWarning, redisUnavailable, requireRedis } from './test-support/redis-server.fixture.ts';
import { type ProxyFixture, startRoundRobinProxy } from './test-support/round-robin-proxy.fixture.ts';

// Real processes behind a real (tiny) load balancer, sharing a real redis-server: nothing here is mocked.
const unavailable = redisUnavailable();
if (unavailable !== undefined) console.warn(redisMissingWarning(unavailable));
let redis: RedisFixture | undefined;

const processes: ServerProcess[] = [];
const proxies: ProxyFixture[] = [];
async function cluster(count: number, mode: string): Promise<{ servers: ServerProcess[]; proxy: ProxyFixture }> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => startServerProcess({ MODE: mode, REDIS_URL: redis?.url ?? '' })),
  );
  processes.push(...servers);
  const proxy = await startRoundRobinProxy(servers.map((server) => server.url as URL));
  proxies.push(proxy);
  return { servers, proxy };
}

afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
  await Promise.all(processes.splice(0).map((server) => server.stop()));
});

describe('stateless 2026-07-28 serving as N processes behind a round-robin balancer (no shared state)', () => {
  it('serves every hub call correctly from all three processes', async () => {
    const { servers, proxy } = await cluster(3, 'plain');
    const hub = createMcpHub({ mcpServers: { cluster: { url: proxy.url.href } } }, { era: 'auto' });
    try {
      await hub.ready;
      expect(hub.server('cluster')).toMatchObject({ status: 'ready', era: 'modern' });
      const pids = new Set<number>();
      const calls = Array.from({ length: 60 }, (_, index) => `call-${index}`);
      const results = await Promise.all(calls.map((id) => hub.callTool('cluster__echo', { id })));
      results.forEach((result, index) => {
        const echoed = result.structuredContent ?? JSON.parse((result.content[0] as { text: string }).text);
        expect(echoed.id).toBe(calls[index]);
        pids.add(echoed.pid);
      });
      expect([...pids].sort()).toEqual(servers.map((server) => server.pid).sort());
    } finally {
      await hub.close();
    }
  });
});

describe.skipIf(unavailable !== undefined)('shared state in Redis', () => {
  beforeAll(async () => {
    redis = await requireRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('hands the task of a worker killed mid-run to another worker, which runs it to the end', async () => {
    const { proxy } = await cluster(1, 'queue');
    const workers = await Promise.all(
      [1, 2].map(() => startServerProcess({ MODE: 'worker', REDIS_URL: redis?.url ?? '', STALL_MS: '1000' })),
    );
    processes.push(...workers);
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 1500 } });
    const taskId = String(created.result?.taskId);
    const first = await Promise.race(workers.map((worker) => worker.waitForLine('started 1500').then(() => worker)));
    await first.kill();
    const second = workers.find((worker) => worker !== first) as ServerProcess;
    await second.waitForLine('started 1500', 10_000);
    const done = await waitForTask(proxy.url, taskId, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', result: { structuredContent: { pid: second.pid } } });
  });

  it('starts a task through one process, finishes it there and reads it through the other', async () => {
    const { servers, proxy } = await cluster(2, 'redis');
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 400 } });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const starter = proxy.log.at(-1)?.backend as number;
    const done = await waitForTask(proxy.url, String(created.result?.taskId), ['completed']);
    expect(done.result).toMatchObject({ structuredContent: { milliseconds: 400, pid: servers[starter]?.pid } });
    const readers = new Set(proxy.log.filter((entry) => entry.method === 'tasks/get').map((entry) => entry.backend));
    expect(readers).toEqual(new Set([0, 1]));
  });

  it('cancels a task through the process that does not run it: the running step is aborted', async () => {
    const { servers, proxy } = await cluster(2, 'redis');
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 10_000 } });
    const runner = servers[proxy.log.at(-1)?.backend as number] as ServerProcess;
    const taskId = String(created.result?.taskId);
    await runner.waitForLine('started 10000');
    const ack = await modernRequest(proxy.url, 'tasks/cancel', { taskId });
    expect(ack.result).toMatchObject({ resultType: 'complete' });
    expect(servers[proxy.log.at(-1)?.backend as number]).not.toBe(runner);
    await runner.waitForLine('aborted', 5_000);
    expect((await waitForTask(proxy.url, taskId, ['cancelled'])).status).toBe('cancelled');
  });

  it('answers a task waiting for input through the other process (forwarded to the one that runs it)', async () => {
    const { proxy } = await cluster(2, 'redis');
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'review', arguments: { topic: 'scale' } });
    const taskId = String(created.result?.taskId);
    const waiting = await waitForTask(proxy.url, taskId, ['input_required']);
    const inputKey = Object.keys(waiting.inputRequests as object)[0] ?? '';
    await modernRequest(proxy.url, 'tasks/update', {
      taskId,
      inputResponses: { [inputKey]: { action: 'accept', content: { approved: true, reviewer: 'grace' } } },
    });
    const done = await waitForTask(proxy.url, taskId, ['completed']);
    expect(done.result).toMatchObject({ structuredContent: { text: 'About scale', approvedBy: 'grace' } });
  });

  it('answers a 2026-07-28 multi-round-trip elicitation whose retry lands on the other process', async () => {
    const { proxy } = await cluster(2, 'redis');
    const client = new Client({ name: 'modern-client', version: '1.0.0' }, {
      capabilities: { elicitation: { form: {} } },
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { approved: true, reviewer: 'round-two' },
    }));
    await client.connect(new StreamableHTTPClientTransport(proxy.url));
    try {
      const result = await client.callTool({ name: 'review', arguments: { topic: 'rounds' } });
      expect(result.structuredContent).toEqual({ text: 'About rounds', approvedBy: 'round-two' });
      // The paused run was saved to Redis by one process and resumed from there by the other.
      const rounds = proxy.log.filter((entry) => entry.method === 'tools/call').map((entry) => entry.backend);
      expect(rounds).toHaveLength(2);
      expect(new Set(rounds).size).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('keeps a 2025-11-25 session going after the process that opened it is killed', async () => {
    const { servers, proxy } = await cluster(2, 'redis');
    const client = new Client({ name: 'legacy-client', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { approved: true, reviewer: 'survivor' },
    }));
    const transport = new StreamableHTTPClientTransport(proxy.url);
    await client.connect(transport);
    try {
      expect(client.getProtocolEra()).toBe('legacy');
      const sessionId = transport.sessionId;
      expect(sessionId).toBeDefined();
      const opener = servers[proxy.log[0]?.backend as number] as ServerProcess;
      // Round robin: the calls alternate, so the other process takes the session over before anything is lost.
      const before = await Promise.all([1, 2, 3, 4].map((a) => client.callTool({ name: 'add', arguments: { a, b: 1 } })));
      const pidsBefore = new Set(before.map((result) => (result.content[0] as { text: string }).text.split(' from ')[1]));
      expect(pidsBefore.size).toBe(2);
      await opener.kill();
      const survivor = servers.find((server) => server !== opener) as ServerProcess;
      for (const a of [5, 6, 7]) {
        const result = await client.callTool({ name: 'add', arguments: { a, b: 1 } });
        expect((result.content[0] as { text: string }).text).toBe(`${a + 1} from ${survivor.pid}`);
      }
      // Server-to-client requests work on the surviving process too (elicitation over the session's stream).
      const reviewed = await client.callTool({ name: 'review', arguments: { topic: 'failover' } });
      expect(reviewed.structuredContent).toEqual({ text: 'About failover', approvedBy: 'survivor' });
      expect(transport.sessionId).toBe(sessionId);
    } finally {
      await client.close();
    }
  });

  it('brings a change announced on one process to the clients of the other, in both eras', async () => {
    const [listener, announcer] = await Promise.all(
      [1, 2].map(() => startServerProcess({ MODE: 'redis', REDIS_URL: redis?.url ?? '' })),
    );
    processes.push(listener as ServerProcess, announcer as ServerProcess);
    const heard: string[] = [];
    const modern = new Client({ name: 'modern-listener', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    const legacy = new Client({ name: 'legacy-listener', version: '1.0.0' });
    for (const [era, client] of [
      ['modern', modern],
      ['legacy', legacy],
    ] as const) {
      client.setNotificationHandler('notifications/tools/list_changed', () => void heard.push(`${era} tools`));
      client.setNotificationHandler('notifications/resources/updated', (notification) => {
        heard.push(`${era} ${notification.params.uri}`);
      });
      await client.connect(new StreamableHTTPClientTransport(listener?.url as URL));
    }
    try {
      await modern.listen({ toolsListChanged: true, resourceSubscriptions: ['test://thing'] });
      await legacy.subscribeResource({ uri: 'test://thing' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the legacy client's GET stream opens on its own
      const announced = await modernRequest(announcer?.url as URL, 'tools/call', { name: 'announce', arguments: {} });
      expect(announced.result).toMatchObject({ content: [{ text: `announced by ${announcer?.pid}` }] });
      for (let tries = 0; heard.length < 4 && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard.sort()).toEqual(['legacy test://thing', 'legacy tools', 'modern test://thing', 'modern tools']);
    } finally {
      await modern.close();
      await legacy.close();
    }
  });

  it('refuses a session id that Redis does not know, on every process (404)', async () => {
    const { proxy } = await cluster(2, 'redis');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(proxy.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': 'no-such-session',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(404);
    }
  });

  it('skips a queued task that was cancelled before any worker took it', async () => {
    const { proxy } = await cluster(1, 'queue');
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 50 } });
    const taskId = String(created.result?.taskId);
    expect(created.result).toMatchObject({ status: 'working', statusMessage: 'queued' });
    await modernRequest(proxy.url, 'tasks/cancel', { taskId }); // nobody runs it: the record is cancelled
    const worker = await startServerProcess({ MODE: 'worker', REDIS_URL: redis?.url ?? '' });
    processes.push(worker);
    const after = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 60 } });
    await waitForTask(proxy.url, String(after.result?.taskId), ['completed']); // the queue has been drained past it
    expect(worker.lines).not.toContain('started 50');
    expect((await waitForTask(proxy.url, taskId, ['cancelled'])).status).toBe('cancelled');
  });

  it('runs a queued workflow task on a BullMQ worker and cancels one running there', async () => {
    const { servers, proxy } = await cluster(2, 'queue');
    const [worker] = await Promise.all([startServerProcess({ MODE: 'worker', REDIS_URL: redis?.url ?? '' })]);
    processes.push(worker as ServerProcess);
    const created = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 100 } });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const done = await waitForTask(proxy.url, String(created.result?.taskId), ['completed']);
    expect(done.result).toMatchObject({ structuredContent: { milliseconds: 100, pid: worker?.pid } });
    expect(servers.map((server) => server.pid)).not.toContain(worker?.pid);

    const invalid = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 'soon' } });
    expect(invalid.result).toMatchObject({ isError: true });

    const long = await modernRequest(proxy.url, 'tools/call', { name: 'wait', arguments: { milliseconds: 10_000 } });
    const taskId = String(long.result?.taskId);
    await worker?.waitForLine('started 10000');
    await modernRequest(proxy.url, 'tasks/cancel', { taskId });
    await worker?.waitForLine('aborted', 5_000);
    expect((await waitForTask(proxy.url, taskId, ['cancelled'])).status).toBe('cancelled');
  });
});
