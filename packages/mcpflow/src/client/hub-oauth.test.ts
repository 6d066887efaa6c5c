import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpflowServer } from '../server/create-mcpflow-server.ts';
import { type HttpServerHandle, serveHttp } from '../server/serve-http.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { McpHub } from './mcp-hub.ts';
import type { McpHubOptions } from './mcp-hub-options.ts';
import { createFileOAuthStore } from './oauth/create-file-oauth-store.ts';
import type { OAuthSettings } from './oauth/oauth-settings.ts';
import { createMemoryOAuthStore } from './oauth/oauth-store.ts';
import { parseHubConfig } from './parse-hub-config.ts';
import { startTestAuthorizationServer, type TestAuthorizationServer } from './test-support/authorization-server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** An authorization server and an MCP server that accepts only its tokens (`admin` needs the `admin` scope). */
async function startProtected(
  clients: Record<string, string> = {},
): Promise<{ as: TestAuthorizationServer; mcp: HttpServerHandle }> {
  const as = await startTestAuthorizationServer(clients);
  cleanups.push(() => as.close());
  const server = createMcpflowServer({ name: 'protected', version: '1.0.0' })
    .tool('whoami', { description: 'Who is calling', input: z.object({}) }, (_input, context) => ({
      clientId: context.http?.authInfo?.clientId ?? null,
    }))
    .tool('admin', { description: 'Needs the admin scope', input: z.object({}), scopes: ['admin'] }, () => 'done');
  const mcp = await serveHttp(server, { auth: { verifier: as.verifier, authorizationServers: [as.issuer] } });
  cleanups.push(() => mcp.close());
  return { as, mcp };
}

/** Plays the browser: follows the authorization server's redirect to the hub's loopback listener. */
const browser: NonNullable<McpHubOptions['oauth']>['onAuthorizationUrl'] = async (url) => {
  const approval = await fetch(url, { redirect: 'manual' });
  const location = approval.headers.get('location');
  if (location === null) throw new Error(`no redirect from ${url.href}: ${approval.status}`);
  await (await fetch(location)).text();
};

/** What the protected server's `whoami` tool answered. */
async function whoami(hub: McpHub): Promise<unknown> {
  const result = await hub.callTool('remote__whoami');
  const first = result.content[0];
  return first?.type === 'text' ? JSON.parse(first.text) : undefined;
}

function start(url: URL, options: McpHubOptions, oauth: OAuthSettings = {}): McpHub {
  const hub = createMcpHub({ mcpServers: { remote: { url: url.href, oauth } } }, { reconnect: false, ...options });
  cleanups.push(() => hub.close());
  return hub;
}

describe('OAuth in the hub', () => {
  it('authorises once (registration, PKCE, loopback redirect) and reuses the 0600 file store after a restart', async () => {
    const { as, mcp } = await startProtected();
    const folder = await mkdtemp(join(tmpdir(), 'mcpflow-oauth-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const path = join(folder, 'nested', 'oauth.json');

    const first = start(mcp.url, { oauth: { store: createFileOAuthStore(path), onAuthorizationUrl: browser } });
    await first.ready;
    expect(first.server('remote')).toMatchObject({ status: 'ready', lastError: undefined });
    expect(await whoami(first)).toEqual({ clientId: 'client-1' });
    expect(as.counts).toMatchObject({ register: 1, authorize: 1, 'token:authorization_code': 1 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await first.close();

    const prompts: string[] = [];
    const second = start(mcp.url, {
      oauth: { store: createFileOAuthStore(path), onAuthorizationUrl: async (url) => void prompts.push(url.href) },
    });
    await second.ready;
    expect(await whoami(second)).toEqual({ clientId: 'client-1' });
    expect(prompts).toEqual([]);
    expect(as.counts).toMatchObject({ register: 1, authorize: 1, 'token:authorization_code': 1 });
    expect(as.counts['token:refresh_token']).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refreshes an expired access token without asking the user again', async () => {
    const { as, mcp } = await startProtected();
    as.accessTokenSeconds = 1;
    const hub = start(mcp.url, { oauth: { store: createMemoryOAuthStore(), onAuthorizationUrl: browser } });
    await hub.ready;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    as.accessTokenSeconds = 3600;
    expect(await whoami(hub)).toEqual({ clientId: 'client-1' });
    expect(as.counts.authorize).toBe(1);
    // On a loaded machine the 1-second token may already lapse while the hub lists its catalog, so a refresh may
    // come earlier too; what matters is that every lapse was answered with a refresh, never a new authorization.
    expect(as.counts['token:refresh_token']).toBeGreaterThanOrEqual(1);
  });

  it('steps up on 403 insufficient_scope: authorises the wider scope and retries the call', async () => {
    const { as, mcp } = await startProtected();
    const hub = start(mcp.url, { oauth: { store: createMemoryOAuthStore(), onAuthorizationUrl: browser } });
    await hub.ready;
    const result = await hub.callTool('remote__admin');
    expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
    expect(as.counts.authorize).toBe(2);
  });

  it('uses client credentials (client_secret_post) and keeps the token across a restart', async () => {
    const { as, mcp } = await startProtected({ 'worker-1': 's3cret' });
    const store = createMemoryOAuthStore();
    const settings: OAuthSettings = {
      grant: 'client_credentials',
      clientId: 'worker-1',
      clientSecret: 's3cret',
      tokenEndpointAuthMethod: 'client_secret_post',
    };
    const first = start(mcp.url, { oauth: { store } }, settings);
    expect(await whoami(first)).toEqual({ clientId: 'worker-1' });
    await first.close();
    const second = start(mcp.url, { oauth: { store } }, settings);
    expect(await whoami(second)).toEqual({ clientId: 'worker-1' });
    expect(as.counts['token:client_credentials']).toBe(1);
    expect(as.counts.authorize).toBeUndefined();
  });

  it('fails with AUTH_REQUIRED when a server needs a user and nobody can be asked', async () => {
    const { as, mcp } = await startProtected();
    const hub = start(mcp.url, { oauth: { store: createMemoryOAuthStore() } });
    await hub.ready;
    expect(hub.server('remote').status).toBe('failed');
    expect(hub.server('remote').lastError?.code).toBe('AUTH_REQUIRED');
    expect(as.counts.authorize).toBeUndefined();
  });

  it('fails with AUTH_FAILED when a wrong client secret is refused', async () => {
    const { mcp } = await startProtected({ 'worker-1': 's3cret' });
    const settings: OAuthSettings = { grant: 'client_credentials', clientId: 'worker-1', clientSecret: 'wrong' };
    const hub = start(mcp.url, { oauth: { store: createMemoryOAuthStore() } }, settings);
    const error = await hub.connect('remote').catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error)).toBe(true);
    expect((error as McpflowError).code).toBe('AUTH_FAILED');
  });
});

describe('oauth configuration', () => {
  const parse =
    (oauth: unknown, extra: Record<string, unknown> = {}) =>
    () =>
      parseHubConfig({ mcpServers: { remote: { url: 'https://example.com/mcp', oauth, ...extra } } } as never);

  it('names the server and field of a broken setting', () => {
    expect(parse({ grant: 'client_credentials' })).toThrow(/Server "remote": field "oauth.clientId" is required/);
    expect(parse({ grant: 'magic' })).toThrow(/field "oauth.grant" is invalid/);
    expect(parse({ clientMetadataUrl: 'http://example.com/client.json' })).toThrow(/oauth.clientMetadataUrl/);
    expect(parse({ colour: 'blue' })).toThrow(/field "oauth.colour" is not a known server setting/);
    expect(parse({}, { headers: { Authorization: 'Bearer x' } })).toThrow(/conflicts with an Authorization header/);
    expect(() => parseHubConfig({ mcpServers: { local: { command: 'x', oauth: {} } } } as never)).toThrow(/does not apply/);
  });

  it('interpolates secrets from the environment', () => {
    const [definition] = parseHubConfig(
      { mcpServers: { remote: { url: 'https://example.com/mcp', oauth: { clientId: 'a', clientSecret: `\${env:SECRET}` } } } },
      { env: { SECRET: 'hidden' } },
    );
    expect(definition).toMatchObject({ oauth: { clientId: 'a', clientSecret: 'hidden' } });
  });
});
