import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
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

  it('DNS rebinding: refuses look-alike Host headers and origins, accepts the loopback names on any port', async () => {
    const statusWithHost = (host: string, origin?: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const request = httpRequest(
          http.url,
          { method: 'POST', headers: { host, 'content-type': 'application/json', ...(origin === undefined ? {} : { origin }) } },
          (response) => {
            response.resume();
            resolve(response.statusCode);
          },
        );
        request.on('error', reject);
        request.end('{}');
      });
    const port = http.url.port;
    for (const host of [
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `evil.example:${port}`,
      `attacker.localhost.evil:${port}`,
      `127.0.0.2:${port}`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
    ]) {
      expect(await statusWithHost(host), host).toBe(403);
    }
    expect(await statusWithHost('')).toBe(400); // Node itself refuses an HTTP/1.1 request without a Host
    for (const origin of ['http://localhost.evil.example', 'null', 'http://127.0.0.1.nip.io', 'https://evil.example']) {
      expect(await statusWithHost(`127.0.0.1:${port}`, origin), origin).toBe(403);
    }
    // Past both guards (the empty body then fails as JSON-RPC, with a 4xx that is not 403).
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'localhost']) {
      const status = await statusWithHost(host, `http://${host}`);
      expect(status, host).not.toBe(403);
      expect(status, host).toBeLessThan(500);
    }
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

describe('slow clients (slow-loris)', () => {
  let http: HttpServerHandle;
  beforeAll(async () => {
    http = await serveHttp(createReviewServer(), { headersTimeoutMs: 400, requestTimeoutMs: 800 });
  });
  afterAll(async () => {
    await http.close();
  });

  /** Opens a raw socket, sends `head`, then one byte of `trickle` every 100 ms; resolves with what came back when it is cut. */
  const trickling = (head: string, trickle: string) =>
    new Promise<{ reply: string; afterMs: number }>((resolve, reject) => {
      const started = Date.now();
      const socket = connect(Number(http.url.port), '127.0.0.1', () => socket.write(head));
      let reply = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed) socket.write(trickle[sent++ % trickle.length] ?? ' ');
      }, 100);
      socket.on('data', (chunk) => {
        reply += String(chunk);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ reply, afterMs: Date.now() - started });
      });
      setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        reject(new Error('the slow socket was never cut'));
      }, 8_000);
    });

  it('cuts a client trickling its headers or its body, and serves others meanwhile', async () => {
    const headers = trickling(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n`, 'X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n');
    const body = trickling(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
      '{"jsonrpc":"2.0"',
    );
    const client = new Client({ name: 'bystander', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    await client.connect(new StreamableHTTPClientTransport(http.url));
    expect((await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).structuredContent).toEqual({ sum: 5 });
    const [slowHeaders, slowBody] = await Promise.all([headers, body]);
    expect(slowHeaders.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(slowBody.reply).toMatch(/^HTTP\/1\.1 408/);
    // A response stream longer than the request timeout is not cut: only receiving the request is limited.
    const slow = await client.callTool({ name: 'slow', arguments: { milliseconds: 1_500 } }, { onprogress: () => undefined });
    expect(slow.structuredContent).toEqual({ milliseconds: 1_500 });
    await client.close();
  });
});
