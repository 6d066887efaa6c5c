import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from '../serve-http.ts';
import { createAuthTestServer, rawRequest, resource, startTestIssuer, type TestIssuer } from '../test-support/auth.fixture.ts';
import { createJwtVerifier } from './create-jwt-verifier.ts';
import { createStaticTokenVerifier } from './create-static-token-verifier.ts';

const token = 'ops-7f3a9c21';

/** One raw HTTP/1.1 request, so headers can be repeated or malformed as no fetch() would send them. */
function rawHttp(url: URL, head: string[], body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), '127.0.0.1', () => {
      socket.write(
        [
          `POST ${url.pathname}${url.search} HTTP/1.1`,
          `Host: 127.0.0.1:${url.port}`,
          'Content-Type: application/json',
          'Accept: application/json, text/event-stream',
          'Mcp-Protocol-Version: 2026-07-28',
          'Mcp-Method: tools/list',
          'Connection: close',
          `Content-Length: ${Buffer.byteLength(body)}`,
          ...head,
          '',
          body,
        ].join('\r\n'),
      );
    });
    let text = '';
    socket.on('data', (chunk) => {
      text += String(chunk);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }));
  });
}

const listBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: {
    _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} },
  },
});

// Attempts to get past serveHttp's bearer check without a valid token for this server.
describe('auth bypass attempts', () => {
  let http: HttpServerHandle;
  const serverErrors: unknown[] = [];
  beforeAll(async () => {
    http = await serveHttp(createAuthTestServer(), {
      auth: {
        verifier: createStaticTokenVerifier({ [token]: { clientId: 'ops', scopes: ['mcp'] } }),
        authorizationServers: ['https://auth.example.test'],
      },
      onError: (error) => serverErrors.push(error),
    });
  });
  afterAll(async () => {
    await http.close();
  });

  it('accepts the token with the scheme in any case (RFC 7235), and nothing else', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect((await rawHttp(http.url, [`Authorization: ${scheme} ${token}`], listBody)).status).toBe(200);
    }
    const refused = [
      'Bearer',
      'Bearer ',
      'Bearer  ',
      `Bearer  ${token}`,
      `Bearer\t${token}`,
      `Basic ${Buffer.from(`ops:${token}`).toString('base64')}`,
      `Token ${token}`,
      token,
      `Bearer ${token.toUpperCase()}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}\u0000`,
      `Bearer "${token}"`,
      `Bearer ${token},${token}`,
    ];
    for (const authorization of refused) {
      // 401 from the bearer check, or 400 where Node's HTTP parser already refuses the bytes.
      const { status } = await rawHttp(http.url, [`Authorization: ${authorization}`], listBody);
      expect([400, 401], JSON.stringify(authorization)).toContain(status);
    }
    expect((await rawRequest(http.url, undefined)).status).toBe(401);
  });

  it('refuses repeated Authorization headers in either order, whatever the header name case', async () => {
    for (const head of [
      [`Authorization: Bearer ${token}`, 'Authorization: Bearer forged'],
      ['Authorization: Bearer forged', `Authorization: Bearer ${token}`],
      [`authorization: Bearer ${token}`, 'AUTHORIZATION: Bearer forged'],
    ]) {
      const response = await rawHttp(http.url, head, listBody);
      expect(response.status, head.join(' + ')).toBe(400);
      expect(response.text).toContain('invalid_request');
    }
    // The header name's case alone changes nothing.
    expect((await rawHttp(http.url, [`AUTHORIZATION: Bearer ${token}`], listBody)).status).toBe(200);
  });

  it('refuses a token in the query string, alone or beside a valid header (RFC 6750 §2.3: never in URLs)', async () => {
    const inQuery = new URL(http.url);
    inQuery.searchParams.set('access_token', token);
    const alone = await rawHttp(inQuery, [], listBody);
    expect(alone.status).toBe(400);
    expect(alone.text).toContain('invalid_request');
    expect(alone.text).not.toContain(token);
    expect((await rawHttp(inQuery, [`Authorization: Bearer ${token}`], listBody)).status).toBe(400);
  });

  it('reports none of it as a server fault', () => {
    expect(serverErrors).toEqual([]);
  });
});

describe('token audience confusion', () => {
  let issuer: TestIssuer;
  let http: HttpServerHandle;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    http = await serveHttp(createAuthTestServer(), {
      auth: {
        verifier: createJwtVerifier({ jwks: issuer.jwksUrl, issuer: issuer.issuer, audience: resource }),
        resourceServerUrl: new URL(resource),
        authorizationServers: [issuer.issuer],
      },
    });
  });
  afterAll(async () => {
    await http.close();
    await issuer.close();
  });

  it('refuses a token minted for a look-alike resource of the same issuer', async () => {
    expect((await rawRequest(http.url, `Bearer ${await issuer.mint()}`)).status).toBe(200);
    for (const audience of [
      'https://mcp.example.test/mcp/',
      'https://mcp.example.test/mcp-admin',
      'https://mcp.example.test/',
      'https://mcp.example.test/mcp?x=1',
      'https://MCP.example.test/other',
      'https://mcp.example.test.evil.example/mcp',
      'http://mcp.example.test/mcp',
    ]) {
      expect((await rawRequest(http.url, `Bearer ${await issuer.mint({}, { audience })}`)).status, audience).toBe(401);
    }
  });
});
