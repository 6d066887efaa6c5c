import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { McpHub } from './mcp-hub.ts';
import { buildFixtureServer } from './test-support/fixture-server.ts';
import { waitFor } from './test-support/reference-servers.ts';

/** Serves the fixture over Streamable HTTP on loopback; `port` 0 picks a free one. */
async function serve(port = 0): Promise<{ server: Server; url: string; stop(): Promise<void> }> {
  const handler = createMcpHandler(buildFixtureServer);
  const node = toNodeHandler(handler);
  // Node's IncomingMessage is wider than the adapter's duck type under exactOptionalPropertyTypes.
  const server = createServer((request, response) => void node(request as Parameters<typeof node>[0], response));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${bound}/mcp`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await handler.close();
    },
  };
}

let hub: McpHub | undefined;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await hub?.close();
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
});

describe('hub over Streamable HTTP', () => {
  it.each([
    ['legacy', 'legacy', '2025-11-25'],
    ['auto', 'modern', '2026-07-28'],
    [{ pin: '2026-07-28' }, 'modern', '2026-07-28'],
  ] as const)('connects and calls tools (era option %j → %s)', async (era, expected, version) => {
    const http = await serve();
    stops.push(http.stop);
    hub = createMcpHub({ mcpServers: { remote: { url: http.url } } }, { era });
    await hub.ready;
    expect(hub.server('remote')).toMatchObject({ status: 'ready', transport: 'http', era: expected, protocolVersion: version });
    expect((await hub.callTool('remote__add', { a: 40, b: 2 })).content).toEqual([{ type: 'text', text: '42' }]);
  });

  it('fails calls while the server is down and reconnects when it is back', async () => {
    const first = await serve();
    const port = Number(new URL(first.url).port);
    hub = createMcpHub(
      { mcpServers: { remote: { url: first.url, connectTimeoutMs: 1000 } } },
      { reconnect: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 50 } },
    );
    await hub.ready;
    await first.stop();

    const error = await hub.callTool('remote__add', { a: 1, b: 1 }).catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error)).toBe(true);
    expect((error as McpflowError).code).toMatch(/CONNECTION_(FAILED|CLOSED)/);
    await waitFor(() => hub?.server('remote').status === 'connecting', 2000, 'the reconnect to start');

    const second = await serve(port);
    stops.push(second.stop);
    await waitFor(() => hub?.server('remote').status === 'ready', 5000, 'the reconnect');
    expect((await hub.callTool('remote__add', { a: 1, b: 1 })).content).toEqual([{ type: 'text', text: '2' }]);
    expect(hub.server('remote').reconnects).toBe(1);
  });
});
