import { createColors } from 'picocolors';

/** Where a command writes: results to `stdout` (what scripts read), everything for people to `stderr`. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: spinners and colours only then. */
  readonly interactive: boolean;
  /** picocolors, switched off when stderr is not a terminal or `NO_COLOR` is set. */
  readonly colors: ReturnType<typeof createColors>;
}

/** The process's own streams. */
export function createProcessIo(): CliIo {
  const interactive = process.stderr.isTTY === true;
  // `mcpflow tools | head` closes the pipe early: that is the reader's choice, not a failure to report.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive,
    colors: createColors(interactive && process.env.NO_COLOR === undefined),
  };
}

/** Writes a value as pretty JSON plus a newline: the `--json` output of every command. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
