/**
 * Child process: tmcp with its zod adapter and `@tmcp/transport-http` (session-negotiated 2025 clients and
 * per-request 2026 clients on one endpoint), on `node:http` through the same Node adapter as the SDK rows
 * (`toNodeHandler` from `@modelcontextprotocol/node`), bound to 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { ZodJsonSchemaAdapter } from '@tmcp/adapter-zod';
import { HttpTransport } from '@tmcp/transport-http';
import { McpServer } from 'tmcp';
import * as z from 'zod';
import { announce } from './child-support.ts';

const server = new McpServer(
  { name: 'bench-tmcp', version: '1.0.0', description: 'echo benchmark' },
  { adapter: new ZodJsonSchemaAdapter(), capabilities: { tools: { listChanged: true } } },
);
server.tool(
  { name: 'echo', description: 'Echoes the message back', schema: z.object({ message: z.string() }) },
  async ({ message }) => ({ content: [{ type: 'text', text: message }] }),
);
const transport = new HttpTransport(server, { path: '/mcp' });
const nodeHandler = toNodeHandler({
  fetch: async (request) => (await transport.respond(request)) ?? new Response(null, { status: 404 }),
});
const httpServer = createServer((request, response) => {
  nodeHandler(request as Parameters<typeof nodeHandler>[0], response);
});
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const { port } = httpServer.address() as AddressInfo;
announce(`http://127.0.0.1:${port}/mcp`, async () => {
  await transport.close();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});
