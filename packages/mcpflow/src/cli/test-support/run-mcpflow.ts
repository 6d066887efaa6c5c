import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerEntry } from '../../client/parse-hub-config.ts';

/** The built bin, as `npm install -g mcpflow` would run it (`npm test` builds first). */
export const mcpflowBin = fileURLToPath(new URL('../../../dist/bin/mcpflow.js', import.meta.url));

/** What one run of the command printed and how it exited. */
export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mcpflow ...args` with the tests' Node (24) and never rejects: the exit code is part of what is tested. */
export function runMcpflow(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [mcpflowBin, ...args],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A temporary directory with an `mcp.json` for `servers`, removed by `dispose`. */
export async function createConfigDirectory(servers: Record<string, ServerEntry | Record<string, unknown>>) {
  const directory = await mkdtemp(join(tmpdir(), 'mcpflow-cli-'));
  const config = join(directory, 'mcp.json');
  await writeFile(config, JSON.stringify({ mcpServers: servers }));
  return { directory, config, dispose: () => rm(directory, { recursive: true, force: true }) };
}
