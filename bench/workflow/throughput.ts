/** Throughput benchmarks: a fixed number of runs, in waves of `concurrency`, each result checked. */
import { expectedFanOut, expectedLinear, FAN_OUT, FAN_OUT_EVENTS, type Implementation, LINEAR_EVENTS } from './workloads.ts';

export interface ThroughputCase {
  readonly label: string;
  /** The runs of one sample (the same count for every implementation). */
  readonly runs: number;
  /** How many runs are in flight at once; 1 runs them one after another. */
  readonly concurrency: number;
  readonly eventsPerRun: number;
  run(implementation: Implementation, n: number): Promise<number>;
  expected(n: number): number;
}

export const throughputCases: readonly ThroughputCase[] = [
  {
    label: 'linear 3 steps, 1 run at a time',
    runs: 8000,
    concurrency: 1,
    eventsPerRun: LINEAR_EVENTS,
    run: (implementation, n) => implementation.linear(n),
    expected: expectedLinear,
  },
  {
    label: 'linear 3 steps, 100 runs at once',
    runs: 8000,
    concurrency: 100,
    eventsPerRun: LINEAR_EVENTS,
    run: (implementation, n) => implementation.linear(n),
    expected: expectedLinear,
  },
  {
    label: `fan-out/in ×${FAN_OUT}, 1 run at a time`,
    runs: 200,
    concurrency: 1,
    eventsPerRun: FAN_OUT_EVENTS,
    run: (implementation, n) => implementation.fanOut(n),
    expected: expectedFanOut,
  },
  {
    label: `fan-out/in ×${FAN_OUT}, 10 runs at once`,
    runs: 200,
    concurrency: 10,
    eventsPerRun: FAN_OUT_EVENTS,
    run: (implementation, n) => implementation.fanOut(n),
    expected: expectedFanOut,
  },
];

export interface Sample {
  eventsPerSecond: number;
  /** Descriptions of wrong results (empty when every run was right). */
  wrong: string[];
}

/** Runs one sample of `testCase` and returns its events per second. */
export async function sample(testCase: ThroughputCase, implementation: Implementation, scale = 1): Promise<Sample> {
  const runs = Math.max(testCase.concurrency, Math.round(testCase.runs * scale));
  const wrong: string[] = [];
  const one = async (n: number) => {
    try {
      const result = await testCase.run(implementation, n);
      const expected = testCase.expected(n);
      if (result !== expected && wrong.length < 5) wrong.push(`run ${n}: got ${result}, expected ${expected}`);
    } catch (error) {
      if (wrong.length < 5) wrong.push(`run ${n} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const wave = new Array<Promise<void>>(testCase.concurrency);
  const startedAt = performance.now();
  for (let first = 0; first < runs; first += testCase.concurrency) {
    const size = Math.min(testCase.concurrency, runs - first);
    if (size === 1) {
      await one(first);
      continue;
    }
    wave.length = size;
    for (let index = 0; index < size; index++) wave[index] = one(first + index);
    await Promise.all(wave);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return { eventsPerSecond: (runs * testCase.eventsPerRun) / seconds, wrong };
}
