import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createStaticTokenVerifier } from '../server/auth/create-static-token-verifier.ts';
import { createMcpflowServer } from '../server/create-mcpflow-server.ts';
import { serveHttp } from '../server/serve-http.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { HubLogEntry } from './mcp-hub-options.ts';
import { createMemoryOAuthStore } from './oauth/oauth-store.ts';
import { startTestAuthorizationServer } from './test-support/authorization-server.ts';
import { startHostileServer } from './test-support/hostile-http-server.ts';

const secretToken = 'tok-SECRET-6b1f2e9d';
const secretClientSecret = 'cs-SECRET-0a7c4d3b';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Everything the hub reported: every log entry, and every error with its data, stack and cause chain, in full. */
function everythingSaid(logs: HubLogEntry[], errors: unknown[]): string {
  return [...logs.map((entry) => inspect(entry, { depth: 20 })), ...errors.map((error) => inspect(error, { depth: 20 }))].join(
    '\n',
  );
}

const protectedServer = () =>
  createMcpflowServer({ name: 'protected', version: '1.0.0' }).tool(
    'ping',
    { description: 'Ping', input: z.object({}) },
    () => 'pong',
  );

// The hub holds credentials (configured headers, OAuth client secrets, tokens); none of them may appear in what
// it logs or in the errors it raises, whichever way a request fails.
describe('secrets are never logged', () => {
  it('a refused bearer header, a server gone away, a 500: no token in logs or errors', async () => {
    const refusing = await serveHttp(protectedServer(), {
      auth: {
        verifier: createStaticTokenVerifier({ 'another-token': { clientId: 'x', scopes: [] } }),
        authorizationServers: ['https://auth.example.test'],
      },
    });
    cleanups.push(() => refusing.close());
    const gone = await serveHttp(protectedServer());
    const goneUrl = gone.url.href;
    await gone.close();
    const hostile = await startHostileServer();
    cleanups.push(() => hostile.close());
    hostile.next.set('tools/list', { body: 'upstream failure', contentType: 'text/plain' });
    const logs: HubLogEntry[] = [];
    const headers = { Authorization: `Bearer ${secretToken}`, 'X-Api-Key': secretToken };
    const hub = createMcpHub(
      {
        mcpServers: {
          refusing: { url: refusing.url.href, headers, oauth: false },
          gone: { url: goneUrl, headers },
          broken: { url: hostile.url, headers },
        },
      },
      { reconnect: false, logger: (entry) => logs.push(entry), logLevel: 'debug' },
    );
    cleanups.push(() => hub.close());
    await hub.ready;
    const errors: unknown[] = hub.servers().map((server) => server.lastError);
    for (const name of ['refusing', 'gone', 'broken']) {
      errors.push(await hub.callTool(`${name}__ping`).catch((error: unknown) => error));
      errors.push(await hub.connect(name).catch((error: unknown) => error));
    }
    expect(hub.servers().map((server) => server.status)).toEqual(['failed', 'failed', 'failed']);
    const said = everythingSaid(logs, errors);
    expect(said.length).toBeGreaterThan(200);
    // Each failed its own way, and says so.
    expect(hub.servers().map((server) => server.lastError?.code)).toEqual([
      'UNAUTHORIZED',
      'CONNECTION_FAILED',
      'PROTOCOL_ERROR',
    ]);
    expect(said).not.toContain(secretToken);
  });

  it('an OAuth client secret refused by the authorization server: neither the secret nor any token appears', async () => {
    const as = await startTestAuthorizationServer({ 'worker-1': 'the-right-secret' });
    cleanups.push(() => as.close());
    const mcp = await serveHttp(protectedServer(), { auth: { verifier: as.verifier, authorizationServers: [as.issuer] } });
    cleanups.push(() => mcp.close());
    const logs: HubLogEntry[] = [];
    const hub = createMcpHub(
      {
        mcpServers: {
          remote: {
            url: mcp.url.href,
            oauth: { grant: 'client_credentials', clientId: 'worker-1', clientSecret: secretClientSecret },
          },
        },
      },
      { reconnect: false, logger: (entry) => logs.push(entry), oauth: { store: createMemoryOAuthStore() } },
    );
    cleanups.push(() => hub.close());
    const error = await hub.connect('remote').catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    const said = everythingSaid(logs, [error, hub.server('remote').lastError]);
    expect(said).not.toContain(secretClientSecret);
    expect(said).not.toContain(Buffer.from(`worker-1:${secretClientSecret}`).toString('base64'));
  });
});
