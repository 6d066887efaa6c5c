// The client tests' own MCP server (SDK v2, both eras), with the behaviours the reference servers cannot show on
// demand: a tool that hangs until cancelled, a tool that changes the tool list, and counters that prove what
// reached the server.
import { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';

const counts = { add: 0, cancelled: 0 };

/** A fresh fixture server; the counters are shared by every instance in this process. */
export function buildFixtureServer(): McpServer {
  const server = new McpServer({ name: 'mcpflow-client-fixture', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Add two numbers', inputSchema: z.object({ a: z.number(), b: z.number() }) },
    async ({ a, b }) => {
      counts.add += 1;
      return { content: [{ type: 'text', text: String(a + b) }] };
    },
  );
  server.registerTool(
    'hang',
    { description: 'Never answers; counts cancellations', inputSchema: z.object({}) },
    (_args, context) => {
      return new Promise((resolve) => {
        context.mcpReq.signal.addEventListener('abort', () => {
          counts.cancelled += 1;
          resolve({ content: [{ type: 'text', text: 'cancelled' }] });
        });
      });
    },
  );
  server.registerTool('stats', { description: 'Counters of what reached this server', inputSchema: z.object({}) }, async () => ({
    content: [{ type: 'text', text: JSON.stringify(counts) }],
  }));
  const extra = server.registerTool(
    'extra',
    { description: 'Appears after unlock-extra', inputSchema: z.object({}) },
    async () => ({
      content: [{ type: 'text', text: 'extra' }],
    }),
  );
  extra.disable();
  server.registerTool('unlock-extra', { description: 'Enables the extra tool', inputSchema: z.object({}) }, async () => {
    extra.enable();
    return { content: [{ type: 'text', text: 'unlocked' }] };
  });
  return server;
}
