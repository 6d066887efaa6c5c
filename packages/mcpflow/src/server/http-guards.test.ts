import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from './serve-http.ts';
import { createReviewServer } from './test-support/review-server.fixture.ts';

// These send raw HTTP on purpose: they test what reaches the server when a client does NOT follow the protocol.
describe('HTTP guards', () => {
  let http: HttpServerHandle;
  beforeAll(async () => {
    http = await serveHttp(createReviewServer(), { maxBodyBytes: 10_000 });
  });
  afterAll(async () => {
    await http.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body,
    });

  it('refuses a rebinding Host header and a foreign Origin with 403', async () => {
    // fetch() drops a custom Host header (a forbidden header), so this one goes through node:http.
    const foreignHostStatus = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(
        http.url,
        { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(foreignHostStatus).toBe(403);
    const foreignOrigin = await post('{}', { origin: 'https://evil.example' });
    expect(foreignOrigin.status).toBe(403);
  });

  it('answers an oversized body with 413 and malformed JSON with a parse error', async () => {
    const huge = await post(JSON.stringify({ padding: 'x'.repeat(20_000) }));
    expect(huge.status).toBe(413);
    const malformed = await post('{"jsonrpc": "2.0", "method": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('answers an unknown session id with 404 so the client initializes again', async () => {
    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }), {
      'mcp-session-id': 'no-such-session',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(unknown.status).toBe(404);
  });

  it('keeps serving other clients after all of that', async () => {
    const client = new Client({ name: 'after-abuse', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    await client.connect(new StreamableHTTPClientTransport(http.url));
    const sum = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
    expect(sum.structuredContent).toEqual({ sum: 3 });
    await client.close();
  });
});
