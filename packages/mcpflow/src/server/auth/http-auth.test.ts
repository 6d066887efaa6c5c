import { InsufficientScopeError } from '@modelcontextprotocol/client';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from '../serve-http.ts';
import {
  connectWithToken,
  createAuthTestServer,
  metadataUrl,
  purgeRuns,
  rawRequest,
  resource,
  startTestIssuer,
  type TestIssuer,
} from '../test-support/auth.fixture.ts';
import { createJwtVerifier } from './create-jwt-verifier.ts';

// Security tests: a real serveHttp on 127.0.0.1 verifying JWTs against a JWKS served by a local issuer.
describe('serveHttp with JWT bearer auth', () => {
  let issuer: TestIssuer;
  let http: HttpServerHandle;
  const serverErrors: unknown[] = [];
  beforeAll(async () => {
    issuer = await startTestIssuer();
    http = await serveHttp(createAuthTestServer(), {
      auth: {
        verifier: createJwtVerifier({ jwks: issuer.jwksUrl, issuer: issuer.issuer, audience: resource }),
        resourceServerUrl: new URL(resource),
        authorizationServers: [issuer.issuer],
        scopesSupported: ['tools', 'admin', 'workflows'],
      },
      onError: (error) => serverErrors.push(error),
    });
  });
  afterAll(async () => {
    await http.close();
    await issuer.close();
  });

  const challengeOf = (response: Response) => response.headers.get('www-authenticate') ?? '';

  it('serves the RFC 9728 metadata document at the path-aware and the root well-known URL', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']) {
      const response = await fetch(new URL(path, http.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [issuer.issuer],
        scopes_supported: ['tools', 'admin', 'workflows'],
        bearer_methods_supported: ['header'],
      });
    }
    expect((await fetch(new URL('/.well-known/oauth-protected-resource/mcp', http.url), { method: 'POST' })).status).toBe(405);
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`lets a valid token through (${era} era): tools are listed and handlers see who calls`, async () => {
      const client = await connectWithToken(http.url, await issuer.mint({ scope: 'tools extra' }), era);
      expect(client.getProtocolEra()).toBe(era);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['purge', 'shout', 'whoami']);
      const whoami = await client.callTool({ name: 'whoami', arguments: {} });
      expect(whoami.content).toEqual([{ type: 'text', text: '{"clientId":"app-1","scopes":["tools","extra"]}' }]);
      await client.close();
    });

    it(`refuses a scoped tool and workflow without their scopes with 403 insufficient_scope (${era} era)`, async () => {
      const before = purgeRuns.count;
      const client = await connectWithToken(http.url, await issuer.mint({ scope: 'tools workflows' }), era);
      // The SDK client reads the 403 challenge into an InsufficientScopeError (a step-up prompt with an auth provider).
      const refusal = (name: string, args: Record<string, unknown>) =>
        client.callTool({ name, arguments: args }).then(
          () => undefined,
          (error: unknown) => error as InsufficientScopeError,
        );
      const purge = await refusal('purge', {});
      expect(purge).toBeInstanceOf(InsufficientScopeError);
      expect([purge?.requiredScope, String(purge?.resourceMetadataUrl)]).toEqual(['admin', metadataUrl]);
      const shout = await refusal('shout', { text: 'hi' });
      expect([shout?.requiredScope, String(shout?.resourceMetadataUrl)]).toEqual(['admin workflows', metadataUrl]);
      expect(purgeRuns.count).toBe(before);
      await client.close();
      const admin = await connectWithToken(http.url, await issuer.mint({ scope: 'admin workflows' }), era);
      expect((await admin.callTool({ name: 'purge', arguments: {} })).content).toEqual([{ type: 'text', text: 'purged' }]);
      expect((await admin.callTool({ name: 'shout', arguments: { text: 'hi' } })).structuredContent).toEqual({ text: 'HI' });
      expect(purgeRuns.count).toBe(before + 1);
      await admin.close();
    });
  }

  it('answers insufficient scope with the exact challenge: 403, the missing scopes, the metadata URL', async () => {
    const response = await rawRequest(http.url, `Bearer ${await issuer.mint({ scope: 'tools' })}`, 'tools/call', {
      name: 'shout',
      arguments: { text: 'x' },
    });
    expect(response.status).toBe(403);
    const challenge = challengeOf(response);
    expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
    expect(challenge).toContain('scope="admin workflows"');
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
  });

  const badTokens: [string, () => Promise<string | undefined>][] = [
    ['no Authorization header', async () => undefined],
    ['another scheme', async () => 'Basic dXNlcjpwYXNz'],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
    ['a bad signature', async () => `Bearer ${await issuer.mint({}, { key: (await generateKeyPair('ES256')).privateKey })}`],
    ['a tampered payload', async () => `Bearer ${tamper(await issuer.mint({ scope: 'tools' }))}`],
    ['an expired token', async () => `Bearer ${await issuer.mint({}, { expiresAt: Math.floor(Date.now() / 1000) - 60 })}`],
    ['a token without exp', async () => `Bearer ${await issuer.mint({}, { expiresAt: undefined })}`],
    ['a wrong audience', async () => `Bearer ${await issuer.mint({}, { audience: 'https://other.example.test/mcp' })}`],
    ['a wrong issuer', async () => `Bearer ${await issuer.mint({}, { issuer: 'https://evil.example.test' })}`],
  ];
  for (const [what, authorization] of badTokens) {
    it(`answers ${what} with 401 and a challenge naming the metadata URL`, async () => {
      const response = await rawRequest(http.url, await authorization());
      expect(response.status).toBe(401);
      const challenge = challengeOf(response);
      expect(challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    });
  }

  it('keeps a 2025-era session apart: another token holder cannot use its session id', async () => {
    const initialize = (token: string, session?: string) =>
      fetch(http.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${token}`,
          'mcp-protocol-version': '2025-11-25',
          ...(session === undefined ? {} : { 'mcp-session-id': session }),
        },
        body: JSON.stringify(
          session === undefined
            ? {
                jsonrpc: '2.0',
                id: 1,
                method: 'initialize',
                params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
              }
            : { jsonrpc: '2.0', method: 'notifications/initialized' },
        ),
      });
    const opened = await initialize(await issuer.mint({ client_id: 'owner' }));
    const session = opened.headers.get('mcp-session-id') ?? '';
    expect(session).not.toBe('');
    await opened.body?.cancel();
    expect((await initialize(await issuer.mint({ client_id: 'intruder' }), session)).status).toBe(404);
    expect((await initialize(await issuer.mint({ client_id: 'owner' }), session)).status).toBe(202);
  });

  it('keeps serving other clients during and after a burst of refused requests, with nothing reported as a server fault', async () => {
    const bystander = await connectWithToken(http.url, await issuer.mint(), 'legacy');
    const probes = await Promise.all(
      [...badTokens, ...badTokens].map(async ([, authorization]) => (await rawRequest(http.url, await authorization())).status),
    );
    expect(new Set(probes)).toEqual(new Set([401]));
    expect((await bystander.listTools()).tools).toHaveLength(3);
    await bystander.close();
    const newcomer = await connectWithToken(http.url, await issuer.mint(), 'modern');
    expect((await newcomer.listTools()).tools).toHaveLength(3);
    await newcomer.close();
    expect(serverErrors).toEqual([]);
  });
});

/** The same token with one payload character changed: the signature no longer matches. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.scope = 'tools admin workflows';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
