import {
  OAuthClientFlowError,
  OAuthError,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { McpflowError, type McpflowErrorCode } from '../errors/mcpflow-error.ts';

/** What was going on when an SDK call failed, for the message and `data` of the resulting error. */
export interface ClientErrorContext {
  server: string;
  /** e.g. `connect`, `tools/call get-sum`. */
  operation: string;
  /** The caller's signal: an abort surfaces from the SDK as a timeout, and this tells the two apart. */
  signal?: AbortSignal | undefined;
}

const sdkCodes: Partial<Record<string, McpflowErrorCode>> = {
  [SdkErrorCode.ConnectionClosed]: 'CONNECTION_CLOSED',
  [SdkErrorCode.NotConnected]: 'CONNECTION_CLOSED',
  [SdkErrorCode.SendFailed]: 'CONNECTION_FAILED',
  [SdkErrorCode.RequestTimeout]: 'REQUEST_TIMEOUT',
  [SdkErrorCode.EraNegotiationFailed]: 'CONNECTION_FAILED',
  [SdkErrorCode.ClientHttpAuthentication]: 'UNAUTHORIZED',
  [SdkErrorCode.ClientHttpForbidden]: 'FORBIDDEN',
  [SdkErrorCode.ClientHttpFailedToOpenStream]: 'CONNECTION_FAILED',
  [SdkErrorCode.ClientHttpNotImplemented]: 'CONNECTION_FAILED',
};

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);

/** `fetch` rejects with `TypeError('fetch failed')` and the socket error as `cause`; any link of the chain counts. */
function isNetworkFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    if (networkCodes.has(String((current as NodeJS.ErrnoException).code))) return true;
  }
  return false;
}

function codeOf(error: unknown, context: ClientErrorContext): McpflowErrorCode {
  if (context.signal?.aborted === true) return 'CANCELLED';
  if (error instanceof UnauthorizedError) return 'UNAUTHORIZED';
  // The authorization server refused (invalid_client, invalid_grant, …) or a mix-up check failed.
  if (error instanceof OAuthError || error instanceof OAuthClientFlowError) return 'AUTH_FAILED';
  // A 401/403 from a server the hub has no OAuth for (or `oauth: false`): the credentials are the problem.
  if (error instanceof SdkHttpError && error.status === 401) return 'UNAUTHORIZED';
  if (error instanceof SdkHttpError && error.status === 403) return 'FORBIDDEN';
  if (error instanceof SdkError) return sdkCodes[error.code] ?? 'PROTOCOL_ERROR';
  // The SDK client checks structured results against the tool's output schema; the table of codes puts that
  // on the tool (TOOL_ERROR), not on the protocol.
  if (error instanceof ProtocolError && context.operation.startsWith('tools/call ') && /output schema/.test(error.message))
    return 'TOOL_ERROR';
  if (error instanceof ProtocolError) return 'PROTOCOL_ERROR';
  // A body that is not JSON, or a message that is not JSON-RPC (the SDK's schemas reject it): the peer broke the
  // protocol. Matched by name, since the SDK's zod may be another copy than ours.
  if (error instanceof SyntaxError || isZodError(error)) return 'PROTOCOL_ERROR';
  if (isNetworkFailure(error)) return 'CONNECTION_FAILED';
  // Anything else thrown while connecting is the transport failing (spawn ENOENT, ECONNREFUSED, fetch failed).
  return context.operation === 'connect' ? 'CONNECTION_FAILED' : 'INTERNAL';
}

function isZodError(error: unknown): error is Error & { issues: { path: PropertyKey[]; message: string }[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** @internal The message, with a zod error's JSON dump of issues shortened to `path: message` pairs on one line. */
export function describeError(error: unknown): string {
  if (isZodError(error)) {
    const issues = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    return `the message is not valid JSON-RPC (${issues.join('; ')}${error.issues.length > 3 ? '; …' : ''})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns whatever the SDK threw into an McpflowError naming the server and operation: connection losses become
 * `CONNECTION_CLOSED`/`CONNECTION_FAILED`, timeouts `REQUEST_TIMEOUT`, an abort by the caller `CANCELLED`, JSON-RPC
 * errors and malformed messages `PROTOCOL_ERROR` (with `data.jsonRpcCode`), an output-schema violation `TOOL_ERROR`. McpflowErrors pass through unchanged.
 */
export function toClientError(error: unknown, context: ClientErrorContext): McpflowError {
  if (McpflowError.isInstance(error)) return error;
  const code = codeOf(error, context);
  const detail = describeError(error);
  const data: Record<string, unknown> = { server: context.server, operation: context.operation };
  if (error instanceof ProtocolError) data.jsonRpcCode = error.code;
  if (error instanceof SdkError) data.sdkCode = error.code;
  const message =
    code === 'CANCELLED'
      ? `Server "${context.server}": ${context.operation} was cancelled`
      : `Server "${context.server}": ${context.operation} failed: ${detail}`;
  return new McpflowError(code, message, { cause: error, data });
}
