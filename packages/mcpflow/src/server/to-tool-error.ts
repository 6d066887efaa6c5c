import type { CallToolResult } from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';

/**
 * A failure inside a tool becomes a tool error result (`isError: true`) that the model can read, not a protocol
 * error: the spec reserves those for malformed requests. The code travels in `_meta` for programs.
 */
export function toToolError(error: unknown): CallToolResult {
  const code = McpflowError.isInstance(error) ? error.code : 'INTERNAL';
  const message = describe(error);
  return { isError: true, content: [{ type: 'text', text: message }], _meta: { 'mcpflow/errorCode': code } };
}

function describe(error: unknown): string {
  if (!McpflowError.isInstance(error)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'RUN_TIMEOUT') return `The workflow did not finish in time: ${error.message}`;
  if (error.code === 'CANCELLED') return `The workflow was cancelled: ${error.message}`;
  return error.message;
}
