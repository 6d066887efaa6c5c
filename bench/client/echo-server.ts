/**
 * Child process: the peer server of `npm run bench:client`, raw SDK v2 with one `echo` tool. `stdio` serves one
 * client over stdin/stdout (both eras); `http` serves Streamable HTTP (`createMcpHandler`, both eras) on
 * 127.0.0.1 and prints its URL as one JSON line.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';
import { announce } from '../server/child-support.ts';

const input = z.object({ message: z.string() });

function buildServer(): McpServer {
  const server = new McpServer({ name: 'bench-echo', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes the message back', inputSchema: input }, async ({ message }) => ({
    content: [{ type: 'text', text: message }],
  }));
  return server;
}

if (process.argv[2] === 'stdio') {
  serveStdio(buildServer);
} else {
  const handler = createMcpHandler(buildServer);
  const nodeHandler = toNodeHandler(handler);
  const httpServer = createServer(
    (request, response) => void nodeHandler(request as Parameters<typeof nodeHandler>[0], response),
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  announce(`http://127.0.0.1:${port}/mcp`, async () => {
    await handler.close();
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
  });
}
