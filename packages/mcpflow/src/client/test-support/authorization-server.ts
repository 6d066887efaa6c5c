// A small OAuth 2.1 authorization server on 127.0.0.1 for the hub's OAuth tests: RFC 8414 metadata, dynamic
// registration, an /authorize that approves at once (the "user" always consents), PKCE-checked code exchange,
// refresh and client credentials. It counts every request, so tests can prove what a hub did not do again.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthInfo, OAuthError, OAuthErrorCode, type OAuthTokenVerifier } from '@modelcontextprotocol/server';

/** A running test authorization server. */
export interface TestAuthorizationServer {
  readonly issuer: string;
  /** Requests per endpoint and grant: `register`, `authorize`, `token:authorization_code`, `token:refresh_token`, … */
  readonly counts: Record<string, number>;
  /** Checks tokens this server issued, for the MCP server's bearer auth. */
  readonly verifier: OAuthTokenVerifier;
  /** Lifetime of new access tokens, in seconds. */
  accessTokenSeconds: number;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return new URLSearchParams(body);
}

async function jsonOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return JSON.parse(body) as Record<string, unknown>;
}

/** Starts the server; `clients` are pre-registered `client_id → client_secret` (for client credentials). */
export async function startTestAuthorizationServer(clients: Record<string, string> = {}): Promise<TestAuthorizationServer> {
  const counts: Record<string, number> = {};
  const count = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  const registered = new Map<string, string | undefined>(Object.entries(clients));
  const codes = new Map<string, { clientId: string; challenge: string; scopes: string[] }>();
  const accessTokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, Omit<Grant, 'expiresAt'>>();
  let issuer = '';

  const issue = (clientId: string, scopes: string[], refresh: boolean) => {
    const token = randomBytes(16).toString('hex');
    accessTokens.set(token, { clientId, scopes, expiresAt: Date.now() + state.accessTokenSeconds * 1000 });
    const body: Record<string, unknown> = { access_token: token, token_type: 'Bearer', expires_in: state.accessTokenSeconds };
    if (scopes.length > 0) body.scope = scopes.join(' ');
    if (refresh) {
      const refreshToken = randomBytes(16).toString('hex');
      refreshTokens.set(refreshToken, { clientId, scopes });
      body.refresh_token = refreshToken;
    }
    return body;
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    void (async () => {
      if (url.pathname === '/.well-known/oauth-authorization-server') {
        count('metadata');
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          registration_endpoint: `${issuer}/register`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
          authorization_response_iss_parameter_supported: true,
        });
      }
      if (url.pathname === '/register' && request.method === 'POST') {
        count('register');
        const metadata = await jsonOf(request);
        const clientId = `client-${registered.size + 1}`;
        registered.set(clientId, undefined);
        return json(201, { ...metadata, client_id: clientId, token_endpoint_auth_method: 'none' });
      }
      if (url.pathname === '/authorize') {
        count('authorize');
        const query = url.searchParams;
        const clientId = query.get('client_id') ?? '';
        if (!registered.has(clientId) || query.get('code_challenge_method') !== 'S256')
          return json(400, { error: 'invalid_request' });
        const code = randomBytes(8).toString('hex');
        const scope = query.get('scope');
        codes.set(code, { clientId, challenge: query.get('code_challenge') ?? '', scopes: scope ? scope.split(' ') : [] });
        const redirect = new URL(query.get('redirect_uri') ?? '');
        redirect.searchParams.set('code', code);
        redirect.searchParams.set('state', query.get('state') ?? '');
        redirect.searchParams.set('iss', issuer);
        return void response.writeHead(302, { location: redirect.href }).end();
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = await formOf(request);
        const grant = form.get('grant_type') ?? '';
        count(`token:${grant}`);
        if (grant === 'authorization_code') {
          const entry = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const challenge = createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url');
          if (entry === undefined || entry.challenge !== challenge) return json(400, { error: 'invalid_grant' });
          return json(200, issue(entry.clientId, entry.scopes, true));
        }
        if (grant === 'refresh_token') {
          const entry = refreshTokens.get(form.get('refresh_token') ?? '');
          if (entry === undefined) return json(400, { error: 'invalid_grant' });
          return json(200, issue(entry.clientId, entry.scopes, true));
        }
        if (grant === 'client_credentials') {
          const basic = request.headers.authorization?.replace(/^Basic /, '');
          const [id, secret] =
            basic === undefined
              ? [form.get('client_id'), form.get('client_secret')]
              : Buffer.from(basic, 'base64').toString().split(':');
          if (id === undefined || id === null || registered.get(decodeURIComponent(id)) !== decodeURIComponent(secret ?? '')) {
            return json(401, { error: 'invalid_client' });
          }
          const scope = form.get('scope');
          return json(200, issue(decodeURIComponent(id), scope ? scope.split(' ') : [], false));
        }
        return json(400, { error: 'unsupported_grant_type' });
      }
      json(404, { error: 'not_found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const verifier: OAuthTokenVerifier = {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const grant = accessTokens.get(token);
      if (grant === undefined || grant.expiresAt <= Date.now())
        throw new OAuthError(OAuthErrorCode.InvalidToken, 'unknown or expired token');
      return { token, clientId: grant.clientId, scopes: grant.scopes, expiresAt: Math.floor(grant.expiresAt / 1000) };
    },
  };
  const state: TestAuthorizationServer = {
    issuer,
    counts,
    verifier,
    accessTokenSeconds: 3600,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}
