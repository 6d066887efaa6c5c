import { type CliIo, createProcessIo, type ExitCode, exitCodes, runProgram } from 'mcpflow/cli';
import { createDocsProgram } from './create-docs-program.ts';

/** Options of {@link runDocsCli}. */
export interface RunDocsCliOptions {
  /** The command's name in usage and help. @default 'mcpflow-docs' (`mcpflow docs` passes its own) */
  name?: string;
}

/**
 * Runs the docs command line (`mcpflow docs …`, alias `mcpflow-docs …`) on `argv` and returns the exit code of
 * mcpflow's pinned table: 0 ok, 1 failed (a file that would not parse or index, `EXTRACTION_FAILED`), 2 usage,
 * 3 configuration (a model's key or provider package), 4 unavailable, 130 Ctrl-C. Results go to stdout, everything
 * for people to stderr.
 *
 * @example
 * ```ts
 * process.exitCode = await runDocsCli(['query', 'refund policy', '--db', 'docs.db'])
 * ```
 */
export async function runDocsCli(
  argv: string[],
  io: CliIo = createProcessIo(),
  options: RunDocsCliOptions = {},
): Promise<ExitCode> {
  let code: ExitCode = exitCodes.ok;
  const program = createDocsProgram(options.name ?? 'mcpflow-docs', io, (result) => {
    code = result;
  });
  return runProgram(program, argv, io, () => code, {
    successCodes: ['commander.helpDisplayed', 'commander.help', 'commander.version'],
  });
}
