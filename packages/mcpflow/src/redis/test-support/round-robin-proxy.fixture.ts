// Test helper: a tiny round-robin HTTP load balancer on loopback. A backend that refuses the connection is skipped
// (as a real balancer's health check would), so a killed process drops out. Streams (SSE) are piped through.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyFixture {
  url: URL;
  /** Which backend (index) served each request, with its `Mcp-Method` header. */
  readonly log: { backend: number; method: string | undefined }[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: URL[], path = '/mcp'): Promise<ProxyFixture> {
  let next = 0;
  const log: ProxyFixture['log'] = [];
  const forward = (incoming: IncomingMessage, body: Buffer, backend: number): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const target = backends[backend] as URL;
      const headers = { ...incoming.headers, host: target.host };
      const outgoing = httpRequest(
        { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers },
        resolve,
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  const server: Server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tried = 0; tried < backends.length; tried += 1) {
      const backend = next++ % backends.length;
      let upstream: IncomingMessage;
      try {
        upstream = await forward(incoming, body, backend);
      } catch {
        continue; // refused: the next backend
      }
      const method = incoming.headers['mcp-method'];
      log.push({ backend, method: Array.isArray(method) ? method[0] : method });
      response.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(response);
      response.once('close', () => upstream.destroy());
      return;
    }
    response.writeHead(502).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}${path}`),
    log,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
