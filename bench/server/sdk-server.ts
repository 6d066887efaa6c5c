/**
 * Child process: the raw SDK v2 baseline, `createMcpHandler` (per-request `McpServer` from a factory, legacy era
 * served statelessly, its default) wrapped by `toNodeHandler` on `node:http`, bound to 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { announce } from './child-support.ts';

const input = z.object({ message: z.string() });
const handler = createMcpHandler(() => {
  const server = new McpServer({ name: 'bench-sdk', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes the message back', inputSchema: input }, async ({ message }) => ({
    content: [{ type: 'text', text: message }],
  }));
  return server;
});
const nodeHandler = toNodeHandler(handler);
const httpServer = createServer((request, response) => {
  if (request.url !== '/mcp') {
    response.writeHead(404).end();
    return;
  }
  nodeHandler(request as Parameters<typeof nodeHandler>[0], response);
});
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const { port } = httpServer.address() as AddressInfo;
announce(`http://127.0.0.1:${port}/mcp`, async () => {
  await handler.close();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});
