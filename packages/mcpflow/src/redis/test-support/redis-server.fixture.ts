// Test helper: a throw-away redis-server (Debian's `redis-server` package) on a free loopback port, no persistence.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisFixture {
  port: number;
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts redis-server (on `port`, or a free one), or returns the reason it cannot (the caller skips loudly). */
export async function startRedis(port?: number): Promise<RedisFixture | string> {
  port ??= await freePort();
  let child: ChildProcess;
  try {
    child = spawn(binary(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  } catch (error) {
    return `redis-server could not start: ${String(error)}`;
  }
  const failed = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`redis-server could not start: ${error.message}`));
    child.once('exit', (code) => resolve(`redis-server exited with ${code}`));
  });
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let tries = 0; tries < 100; tries += 1) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // refused until the server listens
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return undefined;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        probe.disconnect();
      }
    }
    return 'redis-server did not answer PING within 5 s';
  })();
  const problem = await Promise.race([ready, failed]);
  if (problem !== undefined) {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    return problem;
  }
  return {
    port,
    url,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

const binary = () => process.env.MCPFLOW_TEST_REDIS_SERVER ?? 'redis-server';

/**
 * Why redis-server cannot run here, or `undefined` when it can; decided when tests are collected, without starting
 * one (a server started then would outlive a run whose filter skips every test, since no hook runs).
 */
export function redisUnavailable(): string | undefined {
  const probe = spawnSync(binary(), ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error !== undefined) return `redis-server could not start: ${probe.error.message}`;
  return probe.status === 0 ? undefined : `redis-server --version exited with ${probe.status}`;
}

/** Starts redis-server for a test that needs it; throws (the test fails, loudly) when it cannot. */
export async function requireRedis(port?: number): Promise<RedisFixture> {
  const started = await startRedis(port);
  if (typeof started === 'string') throw new Error(started);
  return started;
}

/** The loud skip's warning (the test prints it, and shows a visibly skipped test). */
export function redisMissingWarning(reason: string): string {
  return `\n!!! REDIS TESTS SKIPPED: ${reason}. Install it with \`apt-get install -y redis-server\` (.ci/run does). !!!\n`;
}
