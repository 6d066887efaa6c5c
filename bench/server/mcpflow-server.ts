/** Child process: mcpflow's `serveHttp` with one echo tool (both eras on one endpoint). */
import { createMcpflowServer, serveHttp } from 'mcpflow/server';
import * as z from 'zod';
import { announce } from './child-support.ts';

const server = createMcpflowServer({ name: 'bench-mcpflow', version: '1.0.0' }).tool(
  'echo',
  { description: 'Echoes the message back', input: z.object({ message: z.string() }) },
  ({ message }) => message,
);
const http = await serveHttp(server, { host: '127.0.0.1', port: 0 });
announce(http.url.href, () => http.close());
