// Shared by the fault tests: a recorder of process-level failures, a seeded random source, and helpers that
// classify call outcomes.
import { fileURLToPath } from 'node:url';
import { McpflowError } from 'mcpflow';

/** Records every unhandled rejection and uncaught exception from `start()` until `stop()`. */
export function recordProcessFaults(): { faults: unknown[]; stop(): void } {
  const faults: unknown[] = [];
  const record = (error: unknown) => faults.push(error);
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  return {
    faults,
    stop() {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    },
  };
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The outcome of a call: its value, or the McpflowError code it failed with (anything else is `untyped`). */
export async function outcome<T>(promise: Promise<T>): Promise<{ value: T } | { code: string; error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { code: McpflowError.isInstance(error) ? error.code : 'untyped', error };
  }
}

/** The text of a tool result's first content block. */
export function textOf(result: { content: { type: string; text?: string }[] }): string | undefined {
  const block = result.content[0];
  return block?.type === 'text' ? block.text : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The fault fixture server over stdio, run by the tests' own Node. */
export function faultServer(): { command: string; args: string[] } {
  return { command: process.execPath, args: [fileURLToPath(new URL('./fixtures/fault-server.fixture.ts', import.meta.url))] };
}

/** Waits until `check` holds, polling; throws after `withinMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
