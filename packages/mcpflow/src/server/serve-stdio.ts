import { serveStdio as serveStdioWithSdk } from '@modelcontextprotocol/server/stdio';
import type { McpflowServer } from './create-mcpflow-server.ts';

/** A server running on this process's stdin and stdout. */
export interface StdioHandle {
  close(): Promise<void>;
}

/**
 * Serves an mcpflow server over stdio, both protocol eras: the era is decided per connection, and 2025-era clients
 * get elicitation and sampling as server-to-client requests. Write logs to stderr: stdout carries the protocol.
 *
 * @example
 * ```ts
 * serveStdio(createMcpflowServer({ name: 'research' }).workflow(researchWorkflow))
 * ```
 */
export function serveStdio(server: McpflowServer): StdioHandle {
  const handle = serveStdioWithSdk(server.factory);
  return { close: async () => handle.close() };
}
