import { fileURLToPath } from 'node:url';
import type { ServerEntry } from '../parse-hub-config.ts';

const modules = fileURLToPath(new URL('../../../../../node_modules/', import.meta.url));

/** server-everything over stdio, run by the same Node as the tests (the machine's default node may be older). */
export function everythingServer(extra: Partial<ServerEntry> = {}): ServerEntry {
  return {
    command: process.execPath,
    args: [`${modules}@modelcontextprotocol/server-everything/dist/index.js`, 'stdio'],
    ...extra,
  };
}

/** server-filesystem over stdio, allowed to work in `root` only. */
export function filesystemServer(root: string, extra: Partial<ServerEntry> = {}): ServerEntry {
  return { command: process.execPath, args: [`${modules}@modelcontextprotocol/server-filesystem/dist/index.js`, root], ...extra };
}

/** The client tests' own SDK v2 server (both eras): hang, stats, unlock-extra. */
export function fixtureServer(extra: Partial<ServerEntry> = {}): ServerEntry {
  return { command: process.execPath, args: [fileURLToPath(new URL('./fixture-server.fixture.ts', import.meta.url))], ...extra };
}

/** Waits until `check` holds, polling; fails after `withinMs` so no test waits unbounded. */
export async function waitFor(check: () => boolean | Promise<boolean>, withinMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
