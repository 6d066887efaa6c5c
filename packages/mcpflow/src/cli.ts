/**
 * Building blocks for commands that plug into the `mcpflow` command line (such as `mcpflow docs`, from
 * `@mcpflow/docs`): the pinned exit codes, the one-line error report, the process's streams, and the runner that turns a commander
 * program's outcome into those exit codes. This entry point is
 * the complete public surface of `mcpflow/cli`.
 *
 * @module
 */
export { type CliIo, createProcessIo, writeJson } from './cli/cli-io.ts';
export { type ExitCode, exitCodeOf, exitCodes } from './cli/exit-codes.ts';
export { reportError } from './cli/report-error.ts';
export { type RunProgramOptions, runProgram } from './cli/run-program.ts';
