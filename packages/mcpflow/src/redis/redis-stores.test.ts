import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpflowServer } from '../server/create-mcpflow-server.ts';
import { scopeEventStore } from '../server/scope-event-store.ts';
import { serveHttp } from '../server/serve-http.ts';
import type { TaskRecord } from '../server/tasks/task-store.ts';
import { modernRequest } from '../server/test-support/modern-request.fixture.ts';
import { createReviewServer, reviewWorkflow } from '../server/test-support/review-server.fixture.ts';
import { createRedisEventStore } from './redis-event-store.ts';
import { createRedisSessionStore } from './redis-session-store.ts';
import { createRedisSnapshotStore } from './redis-snapshot-store.ts';
import { createRedisTaskStore } from './redis-task-store.ts';
import { type RedisFixture, redisMissingWarning, redisUnavailable, requireRedis } from './test-support/redis-server.fixture.ts';

const unavailable = redisUnavailable();
if (unavailable !== undefined) console.warn(redisMissingWarning(unavailable));
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe.skipIf(unavailable !== undefined)('Redis stores', () => {
  let server: RedisFixture | undefined;
  let connection: Redis;
  beforeAll(async () => {
    server = await requireRedis();
    connection = new Redis(server.url);
  });
  afterAll(async () => {
    await connection?.quit();
    await server?.stop();
  });

  it('event store: replays what came after an event id, in order, and knows nothing of bad ids', async () => {
    const store = createRedisEventStore({ redis: connection, prefix: 'events-test:' });
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(await store.storeEvent('stream-a', { jsonrpc: '2.0', method: 'n', params: { n } }));
    await store.storeEvent('stream-b', { jsonrpc: '2.0', method: 'other' });
    expect(await store.getStreamIdForEventId?.(ids[0] as string)).toBe('stream-a');
    const replayed: [string, unknown][] = [];
    const stream = await store.replayEventsAfter(ids[0] as string, {
      send: async (id, message) => void replayed.push([id, message]),
    });
    expect(stream).toBe('stream-a');
    expect(replayed).toEqual([
      [ids[1], { jsonrpc: '2.0', method: 'n', params: { n: 2 } }],
      [ids[2], { jsonrpc: '2.0', method: 'n', params: { n: 3 } }],
    ]);
    expect(await store.getStreamIdForEventId?.('not-an-event')).toBeUndefined();
    expect(await store.getStreamIdForEventId?.('gone#1-0')).toBeUndefined();
  });

  it('event store scoped per session: one session cannot resume from another session’s event id', async () => {
    const store = createRedisEventStore({ redis: connection, prefix: 'scope-test:' });
    const alice = scopeEventStore(store, () => 'alice');
    const mallory = scopeEventStore(store, () => 'mallory');
    const id = await alice.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'secret' });
    await alice.storeEvent('_GET_stream', { jsonrpc: '2.0', method: 'secret-2' });
    expect(await alice.getStreamIdForEventId?.(id)).toBe('_GET_stream');
    expect(await mallory.getStreamIdForEventId?.(id)).toBeUndefined();
    const leaked: unknown[] = [];
    expect(await mallory.replayEventsAfter(id, { send: async (_id, message) => void leaked.push(message) })).toBe('');
    expect(leaked).toEqual([]);
  });

  it('session store: touch restarts the idle clock; an idle session ends; delete ends it', async () => {
    const store = createRedisSessionStore({ redis: connection, prefix: 'session-test:', idleTtlMs: 300 });
    const record = { owner: 'client-1', initialize: { jsonrpc: '2.0', id: 0, method: 'initialize' }, createdAt: 'now' };
    await store.save('s1', record);
    await store.save('s2', record);
    for (let round = 0; round < 3; round += 1) {
      await sleep(150);
      expect(await store.touch('s1')).toEqual(record);
    }
    expect(await store.touch('s2')).toBeUndefined(); // 450 ms idle
    await store.delete('s1');
    expect(await store.touch('s1')).toBeUndefined();
  });

  it('session store behind serveHttp: a session whose client only listens is renewed; one nobody uses ends', async () => {
    const sessionStore = createRedisSessionStore({ redis: connection, prefix: 'renew-test:', idleTtlMs: 300 });
    const http = await serveHttp(createReviewServer(), { sessionStore });
    const listening = new Client({ name: 'listener', version: '1.0.0' });
    const listeningTransport = new StreamableHTTPClientTransport(http.url);
    try {
      await listening.connect(listeningTransport); // the SDK client keeps a GET stream open after initializing
      const silent = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'silent', version: '1' } },
        }),
      });
      const silentId = silent.headers.get('mcp-session-id') as string;
      await silent.text();
      expect(await sessionStore.touch(silentId)).toBeDefined();
      await sleep(1_000); // more than three idle TTLs
      expect((await listening.listTools()).tools.length).toBeGreaterThan(0);
      expect(await connection.exists(`renew-test:session:${listeningTransport.sessionId}`)).toBe(1);
      expect(await connection.exists(`renew-test:session:${silentId}`)).toBe(0);
    } finally {
      await listening.close();
      await http.close();
    }
  });

  it('Redis going away: store calls fail with CONNECTION_FAILED, calls that need no Redis go on, all resumes after', async () => {
    const own = await requireRedis();
    // Fail fast while Redis is away instead of queueing commands until it is back (see docs/deployment.md).
    const flaky = new Redis(own.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    flaky.on('error', () => undefined);
    const taskStore = createRedisTaskStore({ redis: flaky, prefix: 'away-test:' });
    const server = createMcpflowServer({ name: 'away', taskStore, taskPollIntervalMs: 10 })
      .tool('add', { description: 'Add', input: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => a + b)
      .tool('nap', { description: 'Naps', input: z.object({}), task: 'required' }, async () => {
        await sleep(200);
        return 'rested';
      });
    const errors: unknown[] = [];
    const sessionStore = createRedisSessionStore({ redis: flaky, prefix: 'away-test:' });
    const http = await serveHttp(server, { sessionStore, onError: (error) => errors.push(error) });
    const legacy = new Client({ name: 'legacy', version: '1.0.0' });
    let restarted: RedisFixture | undefined;
    try {
      const created = await modernRequest(http.url, 'tools/call', { name: 'nap', arguments: {} });
      expect(created.result).toMatchObject({ resultType: 'task' });
      const taskId = String(created.result?.taskId);
      await legacy.connect(new StreamableHTTPClientTransport(http.url));
      await own.stop();
      await expect(legacy.listTools()).rejects.toThrow(/500|Internal error/);
      expect(errors.some((error) => McpflowError.isInstance(error, 'CONNECTION_FAILED'))).toBe(true);
      const failure = await taskStore.get(taskId).catch((error: unknown) => error);
      expect(McpflowError.isInstance(failure, 'CONNECTION_FAILED')).toBe(true);
      expect((failure as McpflowError).message).toMatch(/^Redis task read failed: /);
      expect((await modernRequest(http.url, 'tasks/get', { taskId })).error?.code).toBe(-32603);
      const sum = await modernRequest(http.url, 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } });
      expect(sum.result).toMatchObject({ content: [{ type: 'text', text: '5' }] });
      restarted = await requireRedis(own.port);
      for (let tries = 0; flaky.status !== 'ready' && tries < 100; tries += 1) await sleep(50);
      // The record was lost with that Redis (no persistence in tests): the task is unknown now, and says so.
      expect((await modernRequest(http.url, 'tasks/get', { taskId })).error?.code).toBe(-32602);
      const again = await modernRequest(http.url, 'tools/call', { name: 'nap', arguments: {} });
      expect(again.result).toMatchObject({ resultType: 'task' });
    } finally {
      await legacy.close();
      await http.close();
      flaky.disconnect();
      await restarted?.stop();
    }
  });

  it('snapshot store: saves, lists by workflow, loads and deletes', async () => {
    const store = createRedisSnapshotStore({ redis: connection, prefix: 'snapshot-test:' });
    const run = reviewWorkflow.run({ topic: 'redis' });
    expect(await run.untilWaitingOrEnded()).toBe('waiting');
    const snapshot = await run.suspend();
    await store.save(snapshot);
    expect(await store.list({ workflow: 'review' })).toEqual([
      { runId: snapshot.runId, workflow: 'review', savedAt: snapshot.savedAt },
    ]);
    expect(await store.list({ workflow: 'other' })).toEqual([]);
    expect(await store.load(snapshot.runId)).toEqual(JSON.parse(JSON.stringify(snapshot)));
    const resumed = reviewWorkflow.resume((await store.load(snapshot.runId)) as typeof snapshot);
    expect(await resumed.untilWaitingOrEnded()).toBe('waiting');
    resumed.cancel('done with it');
    // Two processes answering the same round at once: exactly one takes the snapshot; a stale save takes nothing.
    expect(await store.take?.(snapshot.runId, snapshot.savedAt - 1)).toBeUndefined();
    const takes = await Promise.all([1, 2, 3].map(() => store.take?.(snapshot.runId, snapshot.savedAt)));
    expect(takes.filter((taken) => taken !== undefined)).toHaveLength(1);
    expect(await store.load(snapshot.runId)).toBeUndefined();
    await store.save(snapshot);
    await store.delete(snapshot.runId);
    expect(await store.load(snapshot.runId)).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('task store: records expire with their ttl; messages reach only a process that takes them', async () => {
    const store = createRedisTaskStore({ redis: connection, prefix: 'task-test:', replyTimeoutMs: 300 });
    const now = new Date().toISOString();
    const record: TaskRecord = {
      taskId: 't1',
      tool: 'wait',
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs: 300,
      pollIntervalMs: 10,
    };
    await store.put(record);
    expect(await store.get('t1')).toEqual(record);
    // Nobody listens: false at once.
    expect(await store.send?.('t1', { kind: 'cancel' })).toBe(false);
    const seen: string[] = [];
    const stop = store.receive?.(async (taskId, message) => {
      seen.push(`${taskId}:${message.kind}`);
      return taskId === 't1';
    });
    await sleep(50); // the subscription is asynchronous
    expect(await store.send?.('t1', { kind: 'input', inputResponses: { a: 1 } })).toBe(true);
    const before = Date.now();
    expect(await store.send?.('t2', { kind: 'cancel' })).toBe(false); // heard, not taken: false after the wait
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
    expect(seen).toEqual(['t1:input', 't2:cancel']);
    stop?.();
    await sleep(400);
    expect(await store.get('t1')).toBeUndefined();
    await store.close();
  });
});
