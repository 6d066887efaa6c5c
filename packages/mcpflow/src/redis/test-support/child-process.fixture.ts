// Test helper: runs the scale-out server fixture as a child process and reads its `ready` line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./scale-out-server.fixture.ts', import.meta.url));

export interface ServerProcess {
  pid: number;
  /** The MCP endpoint (`undefined` for a worker). */
  url: URL | undefined;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves once a stdout line equals `line`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM (SIGKILL after 5 s); `kill()` is SIGKILL at once: the process is lost, nothing is closed. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [fixture], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitForLine = (predicate: (line: string) => boolean, timeoutMs = 15_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(predicate);
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`child ${child.pid} printed no matching line in ${timeoutMs} ms: ${lines.join(' | ')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
      void exited.then(() => {
        if (waiters.has(check)) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`child exited before printing the line: ${lines.join(' | ')}`));
        }
      });
    });
  const ready = await waitForLine((line) => line.startsWith('ready '));
  const address = ready.slice('ready '.length);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(child.pid, name);
    const timer = setTimeout(
      () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
      5_000,
    );
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid as number,
    url: address === 'worker' ? undefined : new URL(address),
    lines,
    waitForLine: async (line, timeoutMs) => {
      await waitForLine((candidate) => candidate === line, timeoutMs);
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}
