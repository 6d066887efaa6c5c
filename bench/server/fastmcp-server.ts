/**
 * Child process: fastmcp (punkpeye; v1 SDK inside, served by mcp-proxy) in its default sessionful httpStream
 * mode. Its host defaults to all interfaces (`::`), so 127.0.0.1 is passed explicitly.
 */
import { createServer } from 'node:net';
import { FastMCP } from 'fastmcp';
import * as z from 'zod';
import { announce } from './child-support.ts';

// fastmcp cannot report the port it bound, so pick a free loopback port first.
const port = await new Promise<number>((resolve, reject) => {
  const probe = createServer().once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as { port: number };
    probe.close(() => resolve(free));
  });
});
const server = new FastMCP({ name: 'bench-fastmcp', version: '1.0.0' });
server.addTool({
  name: 'echo',
  description: 'Echoes the message back',
  parameters: z.object({ message: z.string() }),
  execute: async ({ message }) => message,
});
await server.start({ transportType: 'httpStream', httpStream: { host: '127.0.0.1', port, endpoint: '/mcp' } });
announce(`http://127.0.0.1:${port}/mcp`, () => server.stop());
