// A deliberately broken MCP peer for the hub's fuzz tests. It answers `initialize` and notifications correctly
// (2025-11-25, no session) and everything else with whatever the test put in `next`: wrong result types, invalid
// content blocks, mismatched ids, non-JSON bodies. Hand-written JSON-RPC on purpose: no SDK server would send this.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the peer sends for one method: a JSON-RPC `result`, a raw body, or a whole JSON-RPC message. */
export type HostileAnswer = { result: unknown } | { body: string; contentType?: string } | { message: (id: unknown) => unknown };

export interface HostileServer {
  readonly url: string;
  /** The answer per method (`tools/list`, `tools/call`, ...); a method not listed gets an empty result. */
  readonly next: Map<string, HostileAnswer>;
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  const next = new Map<string, HostileAnswer>();
  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown; method: string };
      if (message.id === undefined) {
        response.writeHead(202).end();
        return;
      }
      const reply = (body: string, contentType = 'application/json') =>
        response.writeHead(200, { 'content-type': contentType }).end(body);
      if (message.method === 'initialize') {
        const result = {
          protocolVersion: '2025-11-25',
          capabilities: { tools: {} },
          serverInfo: { name: 'hostile', version: '0.0.0' },
        };
        return reply(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      }
      const answer = next.get(message.method) ?? { result: {} };
      if ('body' in answer) return reply(answer.body, answer.contentType);
      if ('message' in answer) return reply(JSON.stringify(answer.message(message.id)));
      return reply(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: answer.result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    next,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
