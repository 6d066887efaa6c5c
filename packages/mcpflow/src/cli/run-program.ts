import type { Command } from 'commander';
import type { CliIo } from './cli-io.ts';
import { type ExitCode, exitCodes } from './exit-codes.ts';
import { reportError } from './report-error.ts';

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
  /**
   * Commander exits that are not failures. `commander.help` (help shown because no command was given) is a usage
   * error for `mcpflow`, where a bare call is a mistake, but not for a group of subcommands such as `mcpflow docs`.
   * @default ['commander.helpDisplayed', 'commander.version']
   */
  successCodes?: readonly string[];
}

/**
 * Runs a commander program built with `exitOverride()` on `argv` (without `node` and the script) and returns the exit
 * code: the one the command's action set through `currentCode`, 2 for a usage error commander has already printed,
 * or the code of the failure, reported as one line plus a hint (see {@link reportError}).
 *
 * @example
 * ```ts
 * let code: ExitCode = exitCodes.ok;
 * const program = createDocsProgram('mcpflow docs', io, (result) => { code = result; });
 * process.exitCode = await runProgram(program, argv, io, () => code);
 * ```
 */
export async function runProgram(
  program: Command,
  argv: string[],
  io: CliIo,
  currentCode: () => ExitCode,
  options: RunProgramOptions = {},
): Promise<ExitCode> {
  const successCodes = options.successCodes ?? ['commander.helpDisplayed', 'commander.version'];
  try {
    await program.parseAsync(argv, { from: 'user' });
    return currentCode();
  } catch (error) {
    // Commander has already printed the message (and the usage hint). Matched by its code, not `instanceof`: a
    // program built by another package (e.g. @mcpflow/docs) may carry its own copy of commander.
    const code = commanderCode(error);
    if (code !== undefined) return successCodes.includes(code) ? exitCodes.ok : exitCodes.usage;
    return reportError(io, error);
  }
}

/** A `CommanderError`'s code, recognised by shape (`code`, `exitCode`, `nestedError`), whichever copy threw it. */
function commanderCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('nestedError' in error)) return undefined;
  const { code, exitCode } = error as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && typeof exitCode === 'number' ? code : undefined;
}
