import type { CliIo } from './cli-io.ts';
import { createStatusLine } from './create-status-line.ts';
import { toTerminalLine } from './to-terminal-text.ts';

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
  return progress.message === undefined ? amount : `${amount} ${toTerminalLine(progress.message)}`;
}

/** Starts a reporter labelled `label` (e.g. the tool name). */
export function createProgressReporter(io: CliIo, label: string): ProgressReporter {
  if (!io.interactive) {
    return { update: (progress) => io.stderr(`progress: ${describe(progress)}\n`), stop: () => {} };
  }
  const status = createStatusLine();
  status.show(label);
  return {
    update: (progress) => status.show(`${label} ${describe(progress)}`),
    stop: () => status.clear(),
  };
}
