/** True while a process with this id exists (signal 0 only checks). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone between the check and the signal.
  }
}

async function waitForExit(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** How long {@link terminateProcess} waits at each step. */
export interface TerminateOptions {
  /** After stdin is closed, time to exit on its own before SIGTERM. @default 200 */
  graceMs?: number;
  /** After SIGTERM, time before SIGKILL. @default 1500 */
  termMs?: number;
}

/**
 * Makes sure a stdio server's process is gone: the SDK closes stdin and waits two seconds before SIGTERM, and
 * many servers ignore stdin EOF (see typescript-sdk#2002), so this escalates sooner and ends with SIGKILL.
 * Resolves once the process no longer exists (bounded: about `graceMs + termMs + 1 s`).
 */
export async function terminateProcess(pid: number, options: TerminateOptions = {}): Promise<void> {
  if (await waitForExit(pid, options.graceMs ?? 200)) return;
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, options.termMs ?? 1500)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 1000);
}
