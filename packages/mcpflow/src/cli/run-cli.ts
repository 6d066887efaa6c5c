import { CommanderError } from 'commander';
import { type CliIo, createProcessIo } from './cli-io.ts';
import { createProgram } from './create-program.ts';
import { type ExitCode, exitCodes } from './exit-codes.ts';
import { reportError } from './report-error.ts';

/**
 * Runs the `mcpflow` command line on `argv` (without `node` and the script) and returns the exit code; see
 * {@link exitCodes}. Failures are reported as one line plus a hint, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIo = createProcessIo()): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = createProgram(io, (result) => {
    code = result;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (and the usage hint).
      const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return shown ? exitCodes.ok : exitCodes.usage;
    }
    return reportError(io, error);
  }
}
