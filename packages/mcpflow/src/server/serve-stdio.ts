import type { McpServer } from '@modelcontextprotocol/server';
import { serveStdio as serveStdioWithSdk } from '@modelcontextprotocol/server/stdio';
import type { McpflowServer } from './create-mcpflow-server.ts';
import { notifyInstance } from './notify-instance.ts';

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
  const instances = new Set<McpServer>();
  const handle = serveStdioWithSdk(async (context) => {
    const instance = (await server.factory(context)) as McpServer;
    instances.add(instance);
    return instance;
  });
  const stopListening = server.onListChanged((change) => {
    for (const instance of instances) notifyInstance(instance, change);
  });
  return {
    close: async () => {
      stopListening();
      await handle.close();
    },
  };
}
