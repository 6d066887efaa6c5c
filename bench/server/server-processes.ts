/** Starts each server implementation in its own child process and stops it again (by its PID only). */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const implementationNames = ['mcpflow', 'sdk', 'tmcp', 'fastmcp'] as const;
export type ImplementationName = (typeof implementationNames)[number];

export interface ServerProcess {
  name: ImplementationName;
  url: string;
  pid: number;
  /** The last lines the child wrote to stderr, for failure reports. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** Spawns `<name>-server.ts` with the current node (plus `nodeArgs`, e.g. `--cpu-prof`) and waits for its URL. */
export async function startServer(name: ImplementationName, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const script = fileURLToPath(new URL(`./${name}-server.ts`, import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`${name} server did not start within 20 s`)), 20_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    };
    child.once('exit', (code) => fail(new Error(`${name} server exited with ${code}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"url":'));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      // Keep draining stdout (fastmcp logs there) so the child never blocks on a full pipe.
      stdout = '';
      child.stdout?.removeAllListeners('data').resume();
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  if (child.pid === undefined) throw new Error(`${name} server has no pid`);
  return { name, url, pid: child.pid, stderrTail: () => stderr, stop: () => stopChild(child) };
}

/** SIGTERM (children close their HTTP server and exit), SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
