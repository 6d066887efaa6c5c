import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from './serve-http.ts';
import { createReviewServer } from './test-support/review-server.fixture.ts';

// Property-based fuzzing of the HTTP server with what broken or hostile clients send. Bounded: a fixed number of
// runs, each request with a timeout, all on loopback.
describe('HTTP server under malformed input', () => {
  let http: HttpServerHandle;
  const failures: unknown[] = [];
  beforeAll(async () => {
    http = await serveHttp(createReviewServer(), { maxBodyBytes: 64 * 1024, onError: (error) => failures.push(error) });
  });
  afterAll(async () => {
    await http.close();
  });

  const send = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, text: await response.text() };
  };

  // fast-check's own JSON arbitrary, kept shallow so each run stays cheap.
  const jsonValue = fc.jsonValue({ maxDepth: 3 });
  const method = fc.oneof(
    fc.constantFrom(
      'tools/call',
      'tools/list',
      'initialize',
      'prompts/get',
      'resources/read',
      'tasks/get',
      'server/discover',
      'ping',
    ),
    fc.string(),
  );
  const version = fc.constantFrom(undefined, '2026-07-28', '2025-11-25', '1999-01-01', 'garbage');

  it('answers arbitrary JSON-RPC-shaped requests with a 4xx or a JSON-RPC error, never a 5xx or a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        jsonValue,
        fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        version,
        async (name, params, id, protocolVersion) => {
          const headers: Record<string, string> =
            protocolVersion === undefined
              ? {}
              : { 'mcp-protocol-version': protocolVersion, 'mcp-method': name.replace(/[^\x21-\x7e]/g, '') || 'x' };
          const { status, text } = await send(JSON.stringify({ jsonrpc: '2.0', id, method: name, params }), headers);
          expect(status).toBeLessThan(500);
          if (status >= 400 && text.length > 0 && text.startsWith('{')) expect(JSON.parse(text)).toHaveProperty('error');
        },
      ),
      { numRuns: 150 },
    );
    expect(failures).toEqual([]);
  });

  it('refuses non-JSON, deep nesting and huge strings cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (garbage) => {
        const { status } = await send(garbage);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect((await send(deep)).status).toBe(413);
    // Built as text: serialising 20,000 levels would overflow the test's own stack.
    const nested = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":${'['.repeat(20_000)}1${']'.repeat(20_000)},"b":1}}}`;
    const nestedResponse = await send(nested, {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'add',
    });
    expect(nestedResponse.status).toBe(400);
    expect(JSON.parse(nestedResponse.text)).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('nested deeper') },
    });
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'add', arguments: { a: 'x'.repeat(200_000), b: 1 } },
    });
    expect((await send(huge)).status).toBe(413);
    expect(failures).toEqual([]);
  });

  it('keeps serving well-behaved clients afterwards', async () => {
    const client = new Client({ name: 'after-fuzz', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    await client.connect(new StreamableHTTPClientTransport(http.url));
    expect((await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).structuredContent).toEqual({ sum: 3 });
    await client.close();
  });
});
