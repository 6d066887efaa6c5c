// Load through the scale-out setup: the hub calls two server processes behind a round-robin balancer that share a
// real redis-server (2025-era: one session taken over by both processes). Every execution is counted in Redis, so a
// call that ran twice anywhere is found. Skipped, loudly, without redis-server.
import { Redis } from 'ioredis';
import { createMcpHub } from 'mcpflow/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../../packages/mcpflow/src/redis/test-support/child-process.fixture.ts';
import {
  type RedisFixture,
  redisMissingWarning,
  redisUnavailable,
  requireRedis,
} from '../../packages/mcpflow/src/redis/test-support/redis-server.fixture.ts';
import { startRoundRobinProxy } from '../../packages/mcpflow/src/redis/test-support/round-robin-proxy.fixture.ts';

const calls = 5_000;
const concurrency = 64;
const unavailable = redisUnavailable();
if (unavailable !== undefined) console.warn(redisMissingWarning(unavailable));
let redisServer: RedisFixture | undefined;

describe.skipIf(unavailable !== undefined).each(['modern', 'legacy'] as const)(
  'load through two processes and Redis: %s era',
  (era) => {
    beforeAll(async () => {
      redisServer = await requireRedis();
    });
    afterAll(async () => {
      await redisServer?.stop();
    });
    it(`${calls} calls at concurrency ${concurrency}: none lost, none run twice, both processes serve`, async () => {
      const url = redisServer?.url ?? '';
      const redis = new Redis(url);
      const servers: ServerProcess[] = await Promise.all([1, 2].map(() => startServerProcess({ MODE: 'redis', REDIS_URL: url })));
      const proxy = await startRoundRobinProxy(servers.map((server) => server.url as URL));
      const hub = createMcpHub(
        { mcpServers: { cluster: { url: proxy.url.href } } },
        { era: era === 'modern' ? 'auto' : 'legacy' },
      );
      try {
        await hub.ready;
        expect(hub.server('cluster')).toMatchObject({ status: 'ready', era });
        const answered = new Map<string, number>();
        const pids = new Map<number, number>();
        const failures: unknown[] = [];
        let next = 0;
        const startedAt = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < calls) {
              const id = `${era}-${next++}`;
              try {
                const result = await hub.callTool('cluster__echo', { id });
                const echoed = JSON.parse((result.content[0] as { text: string }).text) as { id: string; pid: number };
                answered.set(echoed.id, (answered.get(echoed.id) ?? 0) + 1);
                pids.set(echoed.pid, (pids.get(echoed.pid) ?? 0) + 1);
              } catch (error) {
                failures.push(error);
              }
            }
          }),
        );
        const seconds = (performance.now() - startedAt) / 1000;
        const keys = await redis.keys(`echo-runs:${era}-*`);
        const counts = keys.length === 0 ? [] : (await redis.mget(keys)).map(Number);
        const ranTwice = counts.filter((count) => count > 1).length;
        const lost = Array.from({ length: calls }, (_, index) => `${era}-${index}`).filter((id) => answered.get(id) !== 1);
        process.stdout.write(
          `scale-out load ${era}: ${calls} calls, 2 processes, ${seconds.toFixed(1)} s, lost ${lost.length}, ` +
            `run twice ${ranTwice}, failures ${failures.length}, per process ${[...pids.values()].join(' / ')}\n`,
        );
        expect(failures).toEqual([]);
        expect(lost).toEqual([]);
        expect(keys.length).toBe(calls);
        expect(ranTwice).toBe(0);
        expect([...pids.keys()].sort()).toEqual(servers.map((server) => server.pid).sort());
      } finally {
        await hub.close();
        await proxy.close();
        await Promise.all(servers.map((server) => server.stop()));
        await redis.quit();
      }
    });
  },
);
