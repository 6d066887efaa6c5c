import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { serveHttp } from './serve-http.ts';
import { serveWorkflow } from './serve-workflow.ts';
import { createReviewServer, slowWorkflow } from './test-support/review-server.fixture.ts';

describe('serveWorkflow and CORS', () => {
  it('serves one workflow over HTTP in one call', async () => {
    const handle = await serveWorkflow(slowWorkflow, { transport: 'http' });
    try {
      const client = new Client({ name: 'one-liner', version: '1.0.0' }, {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
      } as never);
      await client.connect(new StreamableHTTPClientTransport(handle.url as URL));
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['slow']);
      expect((await client.callTool({ name: 'slow', arguments: { milliseconds: 10 } })).structuredContent).toEqual({
        milliseconds: 10,
      });
      await client.close();
    } finally {
      await handle.close();
    }
  });

  it('answers preflights for allowed origins only, and lets those origins through the Origin check', async () => {
    const http = await serveHttp(createReviewServer(), { cors: { origins: ['https://app.example'] } });
    try {
      const preflight = (origin: string) =>
        fetch(http.url, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'mcp-session-id' },
        });
      const allowed = await preflight('https://app.example');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('mcp-session-id');
      expect((await preflight('https://evil.example')).status).toBe(403);
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      });
      const post = (origin: string) =>
        fetch(http.url, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body,
        });
      const fromApp = await post('https://app.example');
      expect(fromApp.status).toBe(200);
      expect(fromApp.headers.get('access-control-expose-headers')).toContain('mcp-session-id');
      expect((await post('https://evil.example')).status).toBe(403);
    } finally {
      await http.close();
    }
  });
});
