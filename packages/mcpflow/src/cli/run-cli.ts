import { type CliIo, createProcessIo } from './cli-io.ts';
import { createProgram } from './create-program.ts';
import { type ExitCode, exitCodes } from './exit-codes.ts';
import { runProgram } from './run-program.ts';

/**
 * Runs the `mcpflow` command line on `argv` (without `node` and the script) and returns the exit code; see
 * {@link exitCodes}. Failures are reported as one line plus a hint, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIo = createProcessIo()): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = createProgram(io, (result) => {
    code = result;
  });
  return runProgram(program, argv, io, () => code);
}
