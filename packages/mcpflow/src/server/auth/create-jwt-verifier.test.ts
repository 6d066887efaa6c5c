import { OAuthError } from '@modelcontextprotocol/server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { serveHttp } from '../serve-http.ts';
import { createAuthTestServer, rawRequest, resource } from '../test-support/auth.fixture.ts';
import { createJwtVerifier } from './create-jwt-verifier.ts';

const issuer = 'https://auth.example.test';

async function localKeys() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'rsa-1', alg: 'RS256' }] };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
      .setIssuer(issuer)
      .setAudience([resource, 'https://other.example.test'])
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwks, sign };
}

describe('createJwtVerifier', () => {
  it('maps the claims of a verified token to AuthInfo (local key set, RS256, audience among several)', async () => {
    const { jwks, sign } = await localKeys();
    const verifier = createJwtVerifier({ jwks, issuer: [issuer, 'https://old.example.test'], audience: resource });
    const token = await sign({ azp: 'spa', sub: 'user-9', scp: ['read', 'write'] });
    const info = await verifier.verifyAccessToken(token);
    expect(info).toMatchObject({ token, clientId: 'spa', scopes: ['read', 'write'] });
    expect(info.resource?.href).toBe(resource);
    expect(info.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(info.extra?.claims).toMatchObject({ sub: 'user-9', azp: 'spa' });
    expect((await verifier.verifyAccessToken(await sign({ sub: 'user-9' }))).clientId).toBe('user-9');
  });

  it('throws invalid_token with fixed texts that echo nothing from the token', async () => {
    const { jwks, sign } = await localKeys();
    const verifier = createJwtVerifier({ jwks, issuer, audience: 'https://another-resource.example.test' });
    const token = await sign({ client_id: 'secret-client-name' });
    const error = await verifier.verifyAccessToken(token).catch((failure: unknown) => failure);
    expect(OAuthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_token', message: 'Token was not issued for this resource' });
    expect(JSON.stringify(error)).not.toContain('secret-client-name');
  });

  it('answers 500 when the JWKS cannot be fetched, reports it without the token, and keeps serving', async () => {
    const errors: unknown[] = [];
    const verifier = createJwtVerifier({ jwks: new URL('http://127.0.0.1:1/jwks.json'), issuer, audience: resource });
    const http = await serveHttp(createAuthTestServer(), {
      auth: { verifier, authorizationServers: [issuer] },
      onError: (error) => errors.push(error),
    });
    try {
      const { sign } = await localKeys();
      const token = await sign({});
      for (let round = 0; round < 2; round += 1) {
        const response = await rawRequest(http.url, `Bearer ${token}`);
        expect(response.status).toBe(500);
        expect(await response.json()).toMatchObject({ error: 'server_error' });
      }
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatchObject({ code: 'server_error', message: 'The signing keys could not be loaded' });
      for (const error of errors) expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(token);
    } finally {
      await http.close();
    }
  });
});
