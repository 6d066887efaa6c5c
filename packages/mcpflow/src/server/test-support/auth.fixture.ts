import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import * as z from 'zod';
import { createWorkflow } from '../../workflow/create-workflow.ts';
import { defineEvent } from '../../workflow/define-event.ts';
import { createMcpflowServer, type McpflowServer } from '../create-mcpflow-server.ts';

/** The public identity the test servers claim (as behind a proxy): tokens are minted for it. */
export const resource = 'https://mcp.example.test/mcp';
export const metadataUrl = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';

/** A tiny authorization server on 127.0.0.1: only its JWKS endpoint, which is all a resource server fetches. */
export interface TestIssuer {
  readonly issuer: string;
  readonly jwksUrl: URL;
  /** A token signed by this issuer's key; `overrides` change or remove (undefined) claims, or sign with another key. */
  mint(claims?: Record<string, unknown>, overrides?: MintOverrides): Promise<string>;
  close(): Promise<void>;
}

export interface MintOverrides {
  audience?: string;
  issuer?: string;
  /** Seconds since the epoch. */
  expiresAt?: number | undefined;
  key?: CryptoKey;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: new URL(`${issuer}/jwks.json`),
    async mint(claims = {}, overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ client_id: 'app-1', sub: 'user-1', scope: 'tools', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'key-1', typ: 'at+jwt' })
        .setIssuer(overrides.issuer ?? issuer)
        .setAudience(overrides.audience ?? resource)
        .setIssuedAt(now);
      const expiresAt = 'expiresAt' in overrides ? overrides.expiresAt : now + 300;
      if (expiresAt !== undefined) jwt.setExpirationTime(expiresAt);
      return jwt.sign(overrides.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const Shout = defineEvent('shout', z.object({ text: z.string() }));
const Shouted = defineEvent('shouted', z.object({ text: z.string() }));
const shoutWorkflow = createWorkflow({ name: 'shout', description: 'Shouts the text back', start: Shout, stop: Shouted })
  .step('shout', { on: [Shout], emits: [Shouted] }, (event) => Shouted.create({ text: event.data.text.toUpperCase() }))
  .build();

/** How many times the scoped tool actually ran (a refused call must never reach it). */
export const purgeRuns = { count: 0 };

/** `whoami` (open to any valid token), `purge` (needs `admin`) and the `shout` workflow (needs `admin` and `workflows`). */
export function createAuthTestServer(): McpflowServer {
  return createMcpflowServer({ name: 'auth-test', version: '1.0.0' })
    .tool('whoami', { description: 'Who is calling', input: z.object({}) }, (_input, context) => ({
      clientId: context.http?.authInfo?.clientId ?? null,
      scopes: context.http?.authInfo?.scopes ?? [],
    }))
    .tool('purge', { description: 'Deletes everything', input: z.object({}), scopes: ['admin'] }, () => {
      purgeRuns.count += 1;
      return 'purged';
    })
    .workflow(shoutWorkflow, { scopes: ['admin', 'workflows'] });
}

/** An SDK v2 client sending `token` as a bearer token, in either era. */
export async function connectWithToken(url: URL, token: string, era: 'modern' | 'legacy'): Promise<Client> {
  const client = new Client(
    { name: 'auth-test-client', version: '1.0.0' },
    era === 'modern' ? ({ versionNegotiation: { mode: { pin: '2026-07-28' } } } as never) : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

/** A raw 2026-07-28 request with an optional Authorization header, for probes no SDK client would send. */
export function rawRequest(url: URL, authorization: string | undefined, method = 'tools/list', params: object = {}) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
  };
  if (authorization !== undefined) headers.authorization = authorization;
  const name = (params as { name?: string }).name;
  if (name !== undefined) headers['mcp-name'] = name;
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  return fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } }),
  });
}
