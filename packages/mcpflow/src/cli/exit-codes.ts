import type { McpflowErrorCode } from '../errors/mcpflow-error.ts';

/**
 * The exit codes of the `mcpflow` command, pinned by a test: scripts branch on them, so changing one is a breaking
 * change.
 */
export const exitCodes = {
  /** Everything worked. */
  ok: 0,
  /** The tool, prompt, resource read or workflow failed (a tool's `isError` result, a JSON-RPC error, a bug). */
  failure: 1,
  /** The command line is wrong: unknown flag, bad `--args` JSON, arguments failing the tool's schema, unknown name or model. */
  usage: 2,
  /**
   * No configuration was found, or it (or the module given to `serve`/`diagram`) is invalid; or the chat model's API
   * key variable is not set, or its provider package is not installed; or a package a command needs is missing
   * (`@mcpflow/docs` for `mcpflow docs`).
   */
  config: 3,
  /** A server could not be started or reached, refused the credentials, timed out, or one of several failed. */
  unavailable: 4,
  /** Cancelled by Ctrl-C (128 + SIGINT, as shells do). */
  interrupted: 130,
} as const;

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

const byErrorCode: Partial<Record<McpflowErrorCode, ExitCode>> = {
  CONFIG_INVALID: exitCodes.config,
  MISSING_CREDENTIALS: exitCodes.config,
  MISSING_PROVIDER: exitCodes.config,
  INVALID_MODEL: exitCodes.usage,
  INVALID_WORKFLOW: exitCodes.config,
  INVALID_ARGUMENTS: exitCodes.usage,
  PASSWORD_REQUIRED: exitCodes.usage,
  PASSWORD_INCORRECT: exitCodes.usage,
  INVALID_EVENT: exitCodes.usage,
  NOT_FOUND: exitCodes.usage,
  SERVER_NOT_FOUND: exitCodes.usage,
  CONNECTION_FAILED: exitCodes.unavailable,
  CONNECTION_CLOSED: exitCodes.unavailable,
  REQUEST_TIMEOUT: exitCodes.unavailable,
  UNAUTHORIZED: exitCodes.unavailable,
  FORBIDDEN: exitCodes.unavailable,
  CANCELLED: exitCodes.interrupted,
};

/** The exit code for a failure with this McpflowError code (anything unlisted is a plain failure). */
export function exitCodeOf(code: McpflowErrorCode): ExitCode {
  return byErrorCode[code] ?? exitCodes.failure;
}
