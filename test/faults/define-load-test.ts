// The load test, defined once for two sizes: tool calls through the hub (mcpflow/client) to a workflow served over
// HTTP (mcpflow/server) at concurrency 64, in each protocol era. Nothing may be lost or duplicated, every result
// must match its request, and the heap after the run (after GC) must be back near where it started.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWorkflow, defineEvent } from 'mcpflow';
import { createMcpHub } from 'mcpflow/client';
import { createMcpflowServer, serveHttp } from 'mcpflow/server';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

const concurrency = 64;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settledHeap(): Promise<number> {
  // Several rounds: finalizers and timers from the last calls free more on the next pass.
  for (let round = 0; round < 6; round += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

const Echo = defineEvent('echo', z.object({ id: z.string() }));
const Echoed = defineEvent('echoed', z.object({ id: z.string(), runs: z.number() }));

/**
 * Defines the load test for `calls` calls per era. `allowedGrowthBytes`: heap growth allowed after the run, after
 * GC and with the test's own bookkeeping dropped.
 */
export function defineLoadTest(calls: number, allowedGrowthBytes: number): void {
  describe.each(['modern', 'legacy'] as const)('load: %s era', (era) => {
    it(`${calls} calls at concurrency ${concurrency}: none lost, none duplicated, heap back near its start`, async () => {
      const runs = new Map<string, number>();
      const echo = createWorkflow({ name: 'echo', description: 'Echoes its id', start: Echo, stop: Echoed })
        .step('echo', { on: [Echo], emits: [Echoed] }, (event) => {
          const count = (runs.get(event.data.id) ?? 0) + 1;
          runs.set(event.data.id, count);
          return Echoed.create({ id: event.data.id, runs: count });
        })
        .build();
      const http = await serveHttp(createMcpflowServer({ name: 'load' }).workflow(echo));
      const hub = createMcpHub({ mcpServers: { load: { url: http.url.href } } }, { era: era === 'modern' ? 'auto' : 'legacy' });
      try {
        await hub.ready;
        expect(hub.server('load')).toMatchObject({ status: 'ready', era });
        const drive = async (count: number, tag: string) => {
          const results = new Map<string, number>();
          const failures: unknown[] = [];
          let next = 0;
          const lane = async () => {
            while (next < count) {
              const id = `${tag}-${next++}`;
              try {
                const result = await hub.callTool('load__echo', { id });
                const echoed = result.structuredContent as { id: string };
                // A result for another request would show up as a missing id here and a double elsewhere.
                results.set(echoed.id, (results.get(echoed.id) ?? 0) + 1);
              } catch (error) {
                failures.push(error);
              }
            }
          };
          await Promise.all(Array.from({ length: concurrency }, lane));
          return { results, failures };
        };
        await drive(Math.min(500, calls / 10), 'warm-up'); // JIT, pools and caches settle before the baseline
        runs.clear();
        const heapBefore = await settledHeap();
        const started = performance.now();
        const { results, failures } = await drive(calls, 'call');
        const seconds = (performance.now() - started) / 1000;
        const lost = Array.from({ length: calls }, (_, index) => `call-${index}`).filter((id) => results.get(id) !== 1);
        const duplicated = [...runs.values()].filter((count) => count > 1).length;
        const mismatched = [...results.keys()].filter((id) => !id.startsWith('call-')).length;
        const served = runs.size;
        // The test's own records of 2 × calls ids are not the system's memory: dropped before measuring.
        results.clear();
        runs.clear();
        const heapAfter = await settledHeap();

        process.stdout.write(
          `load ${era}: ${calls} calls, concurrency ${concurrency}, ${seconds.toFixed(1)} s (${Math.round(calls / seconds)} calls/s), ` +
            `lost ${lost.length}, duplicated ${duplicated}, mismatched ${mismatched}, failures ${failures.length}, ` +
            `heap after GC ${(heapBefore / 1048576).toFixed(1)} MiB → ${(heapAfter / 1048576).toFixed(1)} MiB\n`,
        );
        expect(failures).toEqual([]);
        expect(lost).toEqual([]);
        expect(duplicated).toBe(0);
        expect(mismatched).toBe(0);
        expect(served).toBe(calls);
        expect(heapAfter - heapBefore).toBeLessThan(allowedGrowthBytes);
      } finally {
        await hub.close();
        await http.close();
      }
    });
  });
}
