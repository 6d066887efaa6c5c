import { InsufficientScopeError } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from '../serve-http.ts';
import { connectWithToken, createAuthTestServer, purgeRuns, rawRequest } from '../test-support/auth.fixture.ts';
import { createStaticTokenVerifier } from './create-static-token-verifier.ts';

describe('serveHttp with static tokens', () => {
  let http: HttpServerHandle;
  let metadataUrl: string;
  beforeAll(async () => {
    const verifier = createStaticTokenVerifier(
      new Map([
        ['ops-7f3a9c', { clientId: 'ops', scopes: ['mcp', 'admin', 'workflows'] }],
        ['reader-41d2e8', { clientId: 'reader', scopes: ['mcp'] }],
        ['guest-9b0c11', { clientId: 'guest', scopes: [] }],
        ['retired-5e6f70', { clientId: 'retired', scopes: ['mcp'], expiresAt: Math.floor(Date.now() / 1000) - 10 }],
      ]),
    );
    http = await serveHttp(createAuthTestServer(), {
      auth: { verifier, authorizationServers: ['https://auth.example.test'], requiredScopes: ['mcp'] },
    });
    metadataUrl = `${http.url.origin}/.well-known/oauth-protected-resource/mcp`;
  });
  afterAll(async () => {
    await http.close();
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`accepts a configured token (${era} era) and gives handlers its client id`, async () => {
      const client = await connectWithToken(http.url, 'ops-7f3a9c', era);
      expect((await client.listTools()).tools).toHaveLength(3);
      const whoami = await client.callTool({ name: 'whoami', arguments: {} });
      expect(whoami.content).toEqual([{ type: 'text', text: '{"clientId":"ops","scopes":["mcp","admin","workflows"]}' }]);
      await client.close();
    });

    it(`refuses a scoped tool to a token without the scope (${era} era)`, async () => {
      const before = purgeRuns.count;
      const client = await connectWithToken(http.url, 'reader-41d2e8', era);
      const error = await client.callTool({ name: 'purge', arguments: {} }).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(InsufficientScopeError);
      expect((error as InsufficientScopeError).requiredScope).toBe('admin');
      expect(purgeRuns.count).toBe(before);
      await client.close();
    });
  }

  it('answers unknown, truncated, extended and expired tokens with 401 naming the metadata URL of the served endpoint', async () => {
    for (const token of ['nope', 'ops-7f3a9', 'ops-7f3a9c0', 'retired-5e6f70']) {
      const response = await rawRequest(http.url, `Bearer ${token}`);
      expect(response.status, token).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain(`resource_metadata="${metadataUrl}"`);
    }
  });

  it('answers a token without the server-wide required scope with 403 before any MCP handling', async () => {
    const response = await rawRequest(http.url, 'Bearer guest-9b0c11');
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
    expect(challenge).toContain('scope="mcp"');
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
  });

  it('serves the metadata document the challenge names, describing the served endpoint', async () => {
    const response = await fetch(metadataUrl);
    expect(await response.json()).toEqual({
      resource: http.url.href,
      authorization_servers: ['https://auth.example.test'],
      bearer_methods_supported: ['header'],
    });
  });
});

describe('auth configuration', () => {
  const verifier = createStaticTokenVerifier({ 'a-token': { clientId: 'a', scopes: [] } });

  it('refuses a missing or non-HTTPS authorization server, and an empty static token, with CONFIG_INVALID', async () => {
    await expect(serveHttp(createAuthTestServer(), { auth: { verifier, authorizationServers: [] } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(
      serveHttp(createAuthTestServer(), { auth: { verifier, authorizationServers: ['http://auth.example.test'] } }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(() => createStaticTokenVerifier({ '': { clientId: 'anyone', scopes: [] } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('fails closed: without auth, a scoped tool is refused (403) while open tools still work', async () => {
    const http = await serveHttp(createAuthTestServer());
    try {
      const refused = await rawRequest(http.url, undefined, 'tools/call', { name: 'purge', arguments: {} });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('www-authenticate')).toContain('scope="admin"');
      const open = await rawRequest(http.url, undefined, 'tools/call', { name: 'whoami', arguments: {} });
      expect(open.status).toBe(200);
    } finally {
      await http.close();
    }
  });
});
