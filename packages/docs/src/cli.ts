/**
 * The docs command line as a library: what `mcpflow docs …` loads (when this package is installed) and what the
 * `mcpflow-docs` bin runs. This entry point is the complete public surface of `@mcpflow/docs/cli`.
 *
 * @module
 */
export { type RunDocsCliOptions, runDocsCli } from './cli/run-docs-cli.ts';
