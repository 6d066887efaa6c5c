// Faults on stdio servers: a child killed at random points of a call stream, and a child that writes garbage to
// stdout. The hub must keep serving (the other server, and this one after its reconnect), fail the affected calls
// with typed errors, leave no process behind and raise nothing unhandled.
import { createMcpHub, type McpHub } from 'mcpflow/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultServer, isAlive, outcome, recordProcessFaults, seededRandom, textOf, waitFor } from './fault-support.ts';

let recorder: ReturnType<typeof recordProcessFaults>;
beforeEach(() => {
  recorder = recordProcessFaults();
});
afterEach(() => {
  recorder.stop();
});

/** Every process id the hub's servers had, sampled while the test runs. */
function trackPids(hub: McpHub): { pids: Set<number>; stop(): void } {
  const pids = new Set<number>();
  const sample = () => {
    for (const server of hub.servers()) if (server.pid !== undefined) pids.add(server.pid);
  };
  const timer = setInterval(sample, 5);
  return {
    pids,
    stop() {
      sample();
      clearInterval(timer);
    },
  };
}

describe('stdio faults', () => {
  it('survives a child killed at seeded random points of a call stream', async () => {
    const seed = Number(process.env.FAULT_SEED ?? 20261202);
    const random = seededRandom(seed);
    const calls = 240;
    const kills = 6;
    const hub = createMcpHub(
      { mcpServers: { victim: faultServer(), bystander: faultServer() } },
      { reconnect: { initialDelayMs: 20, maxAttempts: 50 }, requestTimeoutMs: 10_000 },
    );
    const tracker = trackPids(hub);
    try {
      await hub.ready;
      // Kill points: calls at which the victim's current child gets SIGKILL, drawn from the seed.
      const killAt = new Set<number>();
      while (killAt.size < kills) killAt.add(10 + Math.floor(random() * (calls - 20)));
      const outcomes: Awaited<ReturnType<typeof outcome<unknown>>>[] = [];
      const bystanderIds: string[] = [];
      const killedPids = new Set<number>();
      let killing = Promise.resolve();
      let next = 0;
      const lane = async () => {
        while (next < calls) {
          const index = next++;
          const id = `call-${index}`;
          const call = outcome(hub.callTool('victim__echo', { id, delayMs: Math.floor(random() * 20) }));
          if (killAt.has(index)) {
            // This call and the other lanes' calls are in flight when the child dies; one kill at a time, each
            // on a fresh child.
            killing = killing.then(async () => {
              await waitFor(
                () => hub.server('victim').status === 'ready' && !killedPids.has(hub.server('victim').pid ?? -1),
                15_000,
                'the victim to be back',
              );
              await new Promise((resolve) => setTimeout(resolve, random() * 15));
              const pid = hub.server('victim').pid;
              if (pid !== undefined) {
                process.kill(pid, 'SIGKILL');
                killedPids.add(pid);
              }
            });
            await killing;
          }
          const result = await call;
          if ('value' in result) expect(textOf(result.value as never)).toBe(id);
          outcomes.push(result);
          if (index % 10 === 0) {
            // The other server is never disturbed.
            const other = await hub.callTool('bystander__echo', { id: `b-${index}`, delayMs: 0 });
            bystanderIds.push(textOf(other as never) ?? '');
          }
        }
      };
      await Promise.all(Array.from({ length: 4 }, lane));
      const failed = outcomes.filter((entry) => 'code' in entry);
      const codes = new Set(failed.map((entry) => ('code' in entry ? entry.code : '')));
      console.log(
        `stdio kills (seed ${seed}): ${killedPids.size} kills, ${calls - failed.length}/${calls} calls answered, failures: ${[...codes].join(', ')}`,
      );
      expect(killedPids.size).toBe(kills);
      expect(failed.length).toBeGreaterThan(0);
      // Every failure is typed: the call in flight when the child died, or one made while it was restarting.
      for (const code of codes) expect(['CONNECTION_CLOSED', 'CONNECTION_FAILED']).toContain(code);
      expect(failed.length).toBeLessThan(calls / 2);
      const expectedBystander = Array.from({ length: calls / 10 }, (_, index) => `b-${index * 10}`);
      expect(bystanderIds.sort()).toEqual(expectedBystander.sort());
      // And it serves again.
      await waitFor(() => hub.server('victim').status === 'ready', 15_000, 'the last reconnect');
      expect(textOf((await hub.callTool('victim__echo', { id: 'after', delayMs: 0 })) as never)).toBe('after');
      expect(hub.server('victim').reconnects).toBe(kills);
    } finally {
      await hub.close();
      tracker.stop();
    }
    expect(tracker.pids.size).toBe(kills + 2);
    await waitFor(() => [...tracker.pids].every((pid) => !isAlive(pid)), 5_000, 'every child to be gone');
    expect(recorder.faults).toEqual([]);
  });

  it('survives a server writing garbage to stdout: non-JSON, partial JSON, wrong shapes, binary, huge lines', async () => {
    const logs: string[] = [];
    const hub = createMcpHub(
      { mcpServers: { noisy: faultServer(), bystander: faultServer() } },
      {
        reconnect: { initialDelayMs: 20 },
        requestTimeoutMs: 10_000,
        logger: (entry) => logs.push(`${entry.server}: ${String(entry.data)}`),
      },
    );
    const tracker = trackPids(hub);
    try {
      await hub.ready;
      // Garbage before the handshake did not stop it.
      expect(hub.server('noisy').status).toBe('ready');
      const heapBefore = process.memoryUsage().heapUsed;
      for (const kind of ['text', 'partial', 'wrong-shape', 'unknown-id', 'binary', 'big', 'text', 'big']) {
        const result = await hub.callTool('noisy__spew', { kind });
        expect(textOf(result as never)).toBe(`survived ${kind}`);
      }
      // 8 MB written on one line must not stay in the hub's memory.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
      const firstPid = hub.server('noisy').pid;
      // Beyond the SDK's 10 MiB read buffer the connection is dropped: the call fails typed, the hub reconnects.
      const huge = await outcome(hub.callTool('noisy__spew', { kind: 'huge' }));
      expect(huge).toMatchObject({ code: 'CONNECTION_CLOSED' });
      expect(textOf((await hub.callTool('bystander__echo', { id: 'still here', delayMs: 0 })) as never)).toBe('still here');
      await waitFor(() => hub.server('noisy').status === 'ready', 15_000, 'the reconnect');
      expect(hub.server('noisy').pid).not.toBe(firstPid);
      expect(textOf((await hub.callTool('noisy__echo', { id: 'again', delayMs: 0 })) as never)).toBe('again');
      expect(logs.some((line) => line.startsWith('noisy: transport error: the message is not valid JSON-RPC'))).toBe(true);
      // One line per diagnostic: a zod dump of issues is shortened to path: message pairs.
      expect(logs.filter((line) => line.includes('\n'))).toEqual([]);
      console.log(`garbage: hub logged ${logs.length} diagnostics, e.g. ${logs.slice(0, 2).join(' | ').slice(0, 300)}`);
    } finally {
      await hub.close();
      tracker.stop();
    }
    await waitFor(() => [...tracker.pids].every((pid) => !isAlive(pid)), 5_000, 'every child to be gone');
    expect(recorder.faults).toEqual([]);
  });
});
