/**
 * Every failure mcpflow reports locally. The `code` says what kind of failure it is; these codes never go
 * on the wire (JSON-RPC has its own numeric codes).
 */
export type McpflowErrorCode =
  /** An event payload failed its schema. */
  | 'INVALID_EVENT'
  /** A workflow state value failed the state schema. */
  | 'INVALID_STATE'
  /** An answer to an input request failed the request's schema. */
  | 'INVALID_INPUT'
  /** A workflow definition is inconsistent (found when it is built). */
  | 'INVALID_WORKFLOW'
  /** A snapshot is malformed or belongs to another workflow. */
  | 'INVALID_SNAPSHOT'
  /** The whole run took longer than its timeout. */
  | 'RUN_TIMEOUT'
  /** One step invocation took longer than the step's timeout. */
  | 'STEP_TIMEOUT'
  /** Nobody answered an input request in time. */
  | 'INPUT_TIMEOUT'
  /** Whoever was asked refused to answer an input request (`data.action` is `decline` or `cancel`). */
  | 'INPUT_DECLINED'
  /** The run was cancelled (by `cancel()`, an abort signal, or because it already finished). */
  | 'CANCELLED'
  /** The run was suspended into a snapshot; it goes on elsewhere through `resume()`. */
  | 'SUSPENDED'
  /** A step failed after its last attempt; `cause` is the step's own error. */
  | 'STEP_FAILED'
  /** Nothing is running, nothing is waiting, and no stop event was produced. */
  | 'STALLED'
  /** An event was sent that no step of the workflow handles, or a step emitted an event it did not declare. */
  | 'UNKNOWN_EVENT'
  /** An answer names an input request that the run does not have pending. */
  | 'UNKNOWN_INPUT_REQUEST'
  /** The run has already ended, or the step invocation that tried to act has already returned. */
  | 'RUN_NOT_ACTIVE'
  /** Saving a snapshot to its store failed. */
  | 'SNAPSHOT_FAILED'
  /** A client-hub configuration is malformed; `data` names the server and field. */
  | 'CONFIG_INVALID'
  /** An MCP server could not be reached or started, or its connection broke. */
  | 'CONNECTION_FAILED'
  /** The connection (or the whole hub or server) has been closed. */
  | 'CONNECTION_CLOSED'
  /** No configured or mounted MCP server has that name. */
  | 'SERVER_NOT_FOUND'
  /** No tool, resource or prompt has that name. */
  | 'NOT_FOUND'
  /** Tool arguments failed the tool's input schema (nothing was sent). */
  | 'INVALID_ARGUMENTS'
  /** A tool answered with `isError: true`, or its structured result failed its output schema. */
  | 'TOOL_ERROR'
  /** A request to an MCP peer took longer than its timeout. */
  | 'REQUEST_TIMEOUT'
  /** The peer broke the protocol or answered with a JSON-RPC error. */
  | 'PROTOCOL_ERROR'
  /** Authentication failed or is missing. */
  | 'UNAUTHORIZED'
  /** Authenticated, but not allowed (e.g. a missing scope). */
  | 'FORBIDDEN'
  /** A model string (`openai:gpt-4.1`, `<base URL>#<model>`) is malformed or names an unknown provider. */
  | 'INVALID_MODEL'
  /** An environment variable a model provider needs (an API key) is not set; `data.variable` names it. */
  | 'MISSING_CREDENTIALS'
  /** A model provider package is not installed; `data.package` names it. */
  | 'MISSING_PROVIDER'
  /** A server needs an interactive OAuth authorization and the hub has no `onAuthorizationUrl` handler to start one. */
  | 'AUTH_REQUIRED'
  /** An OAuth flow failed: the authorization server refused, the callback never came, or an issuer did not match. */
  | 'AUTH_FAILED'
  /** A model's structured extraction failed its schema or cited text the document does not contain, after retries. */
  | 'EXTRACTION_FAILED'
  /** A document is encrypted and no password was given for it. */
  | 'PASSWORD_REQUIRED'
  /** The password given for an encrypted document is wrong. */
  | 'PASSWORD_INCORRECT'
  /** Anything else: a bug or an unexpected throwable. */
  | 'INTERNAL';

const brand = Symbol.for('mcpflow.error.McpflowError');

/** Options for {@link McpflowError}. */
export interface McpflowErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** Structured details (JSON-serialisable), e.g. the step name or validation issues. */
  data?: Record<string, unknown>;
}

/**
 * The one error class of mcpflow. Check with {@link McpflowError.isInstance} rather than `instanceof`,
 * which breaks when two copies of the package are loaded.
 *
 * @example
 * ```ts
 * try { await run.result } catch (error) {
 *   if (McpflowError.isInstance(error) && error.code === 'CANCELLED') console.log('cancelled')
 * }
 * ```
 */
export class McpflowError extends Error {
  /** What kind of failure this is. */
  readonly code: McpflowErrorCode;
  /** Structured details, JSON-serialisable. */
  readonly data: Record<string, unknown> | undefined;
  readonly [brand] = true;

  constructor(code: McpflowErrorCode, message: string, options: McpflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'McpflowError';
    this.code = code;
    this.data = options.data;
  }

  /** True when `value` is an McpflowError from any copy of this package; with `code`, also checks the code. */
  static isInstance(value: unknown, code?: McpflowErrorCode): value is McpflowError {
    const branded = typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    return branded && (code === undefined || (value as McpflowError).code === code);
  }

  /** A plain object for logs and snapshots: code, message, data and the cause's message. */
  toJSON(): { name: string; code: McpflowErrorCode; message: string; data?: Record<string, unknown>; cause?: string } {
    const json: ReturnType<McpflowError['toJSON']> = { name: this.name, code: this.code, message: this.message };
    if (this.data !== undefined) json.data = this.data;
    if (this.cause !== undefined) json.cause = this.cause instanceof Error ? this.cause.message : String(this.cause);
    return json;
  }
}

/** Normalises any throwable at a boundary: McpflowErrors pass through, anything else becomes `INTERNAL` with it as `cause`. */
export function toMcpflowError(value: unknown): McpflowError {
  if (McpflowError.isInstance(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new McpflowError('INTERNAL', message, { cause: value });
}
