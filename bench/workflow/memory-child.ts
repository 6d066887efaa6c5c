/**
 * Memory of runs waiting on human input, measured in a process of its own (started by run.ts with --expose-gc):
 * `node --expose-gc memory-child.ts <implementation> <runs>`. Prints one JSON line: MemoryReport.
 */
import { collectGarbage, settledHeapUsed } from './stats.ts';
import { expectedAnswer, type ImplementationName, implementationNames, loadImplementation } from './workloads.ts';

export interface MemoryReport {
  implementation: string;
  runs: number;
  /** Heap growth per run while all runs wait, after forced GC. */
  bytesPerWaitingRun: number;
  /** Heap growth per run left after every run completed and was let go (should be near 0). */
  bytesPerRunAfterCompletion: number;
  /** Milliseconds until every run was waiting. */
  startMs: number;
  wrong: string[];
}

const name = process.argv[2] as ImplementationName;
const runs = Number(process.argv[3] ?? 10_000);
if (!implementationNames.includes(name) || !Number.isInteger(runs) || runs <= 0) {
  console.error(`usage: node --expose-gc memory-child.ts <${implementationNames.join('|')}> <runs>`);
  process.exit(2);
}
if ((globalThis as { gc?: unknown }).gc === undefined) {
  console.error('memory-child.ts needs --expose-gc');
  process.exit(2);
}

const implementation = await loadImplementation(name);
const answerFor = (n: number) => (n % 7) + 1;
const wrong: string[] = [];
const note = (message: string) => {
  if (wrong.length < 5) wrong.push(message);
};

async function waitAndAnswer(count: number, handles: unknown[]): Promise<number> {
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      handles[n] = await implementation.waitForInput(n);
    }),
  );
  return performance.now() - startedAt;
}

async function answerAll(handles: unknown[]): Promise<void> {
  await Promise.all(
    handles.map(async (handle, n) => {
      try {
        const result = await implementation.answer(handle, answerFor(n));
        if (result !== expectedAnswer(n, answerFor(n)))
          note(`run ${n}: got ${result}, expected ${expectedAnswer(n, answerFor(n))}`);
      } catch (error) {
        note(`run ${n} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

// Warm-up: the same path, smaller, so that lazily built code and caches are not counted.
{
  const warm = new Array<unknown>(500);
  await waitAndAnswer(warm.length, warm);
  await answerAll(warm);
}
const handles = new Array<unknown>(runs).fill(undefined);
await collectGarbage();
const before = await settledHeapUsed();
const startMs = await waitAndAnswer(runs, handles);
const waiting = await settledHeapUsed();
await answerAll(handles);
handles.fill(undefined);
const after = await settledHeapUsed();

const report: MemoryReport = {
  implementation: implementation.name,
  runs,
  bytesPerWaitingRun: (waiting - before) / runs,
  bytesPerRunAfterCompletion: (after - before) / runs,
  startMs,
  wrong,
};
console.log(JSON.stringify(report));
