/**
 * The three workloads every implementation runs, with their expected results (each benchmark checks them).
 *
 * - linear: start → a → b → stop, three handlers, 4 events per run; result ((n + 1) * 2) - 3.
 * - fan-out: one step emits FAN_OUT branch events, a branch step answers each, a collector gathers all of them and
 *   emits stop: 2 + 2 × FAN_OUT events per run; result Σ 2(n + i) for i < FAN_OUT.
 * - human in the loop: one step asks for input and waits; the answer `value` completes the run with n + value.
 */
export const FAN_OUT = 100;
export const LINEAR_EVENTS = 4;
export const FAN_OUT_EVENTS = 2 + 2 * FAN_OUT;

export const expectedLinear = (n: number): number => (n + 1) * 2 - 3;
export const expectedFanOut = (n: number): number => 2 * FAN_OUT * n + FAN_OUT * (FAN_OUT - 1);
export const expectedAnswer = (n: number, value: number): number => n + value;

/** One workflow engine, wired up for the three workloads. `THandle` is what a caller keeps for a waiting run. */
export interface Implementation<THandle = unknown> {
  readonly name: string;
  /** One linear run; resolves with its result. */
  linear(n: number): Promise<number>;
  /** One fan-out/fan-in run; resolves with its result. */
  fanOut(n: number): Promise<number>;
  /** Starts a run and resolves once it has announced (on its stream) that it waits for human input. */
  waitForInput(n: number): Promise<THandle>;
  /** Answers a waiting run and resolves with its result once it completed. */
  answer(handle: THandle, value: number): Promise<number>;
}

export const implementationNames = ['mcpflow', 'workflow-core'] as const;
export type ImplementationName = (typeof implementationNames)[number];

/** Loads an implementation by name (each in its own module, so a memory child loads only the one it measures). */
export async function loadImplementation(name: ImplementationName): Promise<Implementation> {
  const module =
    name === 'mcpflow' ? await import('./mcpflow-implementation.ts') : await import('./workflow-core-implementation.ts');
  return module.implementation as Implementation;
}
