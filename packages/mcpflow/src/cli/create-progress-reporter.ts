import type { CliIo } from './cli-io.ts';

/** What a progress notification carries (MCP `notifications/progress`). */
export interface ProgressUpdate {
  progress: number;
  total?: number | undefined;
  message?: string | undefined;
}

/** Shows progress on stderr: a spinner on a terminal, one line per update otherwise (for logs and tests). */
export interface ProgressReporter {
  update(progress: ProgressUpdate): void;
  stop(): void;
}

function describe(progress: ProgressUpdate): string {
  const amount = progress.total === undefined ? `${progress.progress}` : `${progress.progress}/${progress.total}`;
  return progress.message === undefined ? amount : `${amount} ${progress.message}`;
}

/** Starts a reporter labelled `label` (e.g. the tool name). */
export async function createProgressReporter(io: CliIo, label: string): Promise<ProgressReporter> {
  if (!io.interactive) {
    return { update: (progress) => io.stderr(`progress: ${describe(progress)}\n`), stop: () => {} };
  }
  const { spinner } = await import('@clack/prompts');
  const indicator = spinner({ output: process.stderr, withGuide: false });
  indicator.start(label);
  let stopped = false;
  return {
    update: (progress) => indicator.message(`${label} ${describe(progress)}`),
    stop: () => {
      if (stopped) return;
      stopped = true;
      indicator.clear();
    },
  };
}
