// server-everything over Streamable HTTP and over the legacy HTTP+SSE transport. It binds every interface, so each
// instance runs in a private network namespace (`unshare -n`) and is reached through a relay; see
// test-support/isolated-http-server.ts.
import { fileURLToPath } from 'node:url';
import type { Progress } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import type { McpHub } from './mcp-hub.ts';
import { canIsolateNetwork, type IsolatedHttpServer, startIsolatedHttpServer } from './test-support/isolated-http-server.ts';
import { waitFor } from './test-support/reference-servers.ts';

const everything = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

async function failure(promise: Promise<unknown>): Promise<McpflowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!McpflowError.isInstance(error)) throw new Error(`expected an McpflowError, got ${String(error)}`);
  return error;
}

if (!canIsolateNetwork) {
  console.warn(
    'SKIPPED: server-everything over HTTP needs a private network namespace (`unshare -n`, root or user namespaces); ' +
      'it binds every interface, so it is never started without one.',
  );
}

describe.skipIf(!canIsolateNetwork)('hub against server-everything over HTTP (in a private network namespace)', () => {
  let streamable: IsolatedHttpServer;
  let sse: IsolatedHttpServer;
  let hub: McpHub;

  beforeAll(async () => {
    [streamable, sse] = await Promise.all([
      startIsolatedHttpServer(process.execPath, [everything, 'streamableHttp']),
      startIsolatedHttpServer(process.execPath, [everything, 'sse']),
    ]);
    hub = createMcpHub(
      {
        mcpServers: {
          everything: { url: `${streamable.baseUrl}/mcp` },
          // Configured as Streamable HTTP: the server refuses the POST, so the hub falls back to HTTP+SSE.
          legacy: { url: `${sse.baseUrl}/sse` },
          pinned: { url: `${streamable.baseUrl}/mcp`, era: { pin: '2026-07-28' }, connectTimeoutMs: 5000 },
        },
      },
      {
        sampling: async () => ({ model: 'fake-model', role: 'assistant', content: { type: 'text', text: 'sampled over http' } }),
        elicitation: async () => ({ action: 'accept', content: { name: 'Grace' } }),
        roots: (context) => [{ uri: `file:///srv/${context.server}`, name: `scratch for ${context.server}` }],
        reconnect: { initialDelayMs: 50, maxDelayMs: 300, maxAttempts: 40 },
      },
    );
    await hub.ready;
  }, 40_000);

  afterAll(async () => {
    await hub?.close();
    await Promise.all([streamable?.stop(), sse?.stop()]);
  });

  it('connects over Streamable HTTP in the 2025-11-25 era, and refuses a 2026 pin with a typed error', () => {
    expect(hub.server('everything')).toMatchObject({
      status: 'ready',
      transport: 'http',
      era: 'legacy',
      protocolVersion: '2025-11-25',
    });
    // server-everything (SDK v1) has no server/discover: pinning the modern era must fail, not silently downgrade.
    const pinned = hub.server('pinned');
    expect(pinned.status).toBe('failed');
    expect(pinned.lastError?.code).toBe('CONNECTION_FAILED');
    expect(pinned.lastError?.message).toContain('pinned protocol version 2026-07-28');
  });

  it('lists and calls tools, reads resources and templates, gets prompts', async () => {
    const names = (await hub.listTools()).map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['everything__get-sum', 'legacy__get-sum']));
    expect((await hub.callTool('everything__get-sum', { a: 2, b: 40 })).content).toEqual([
      { type: 'text', text: 'The sum of 2 and 40 is 42.' },
    ]);
    const weather = await hub.callTool('everything__get-structured-content', { location: 'New York' });
    expect(weather.structuredContent).toEqual({ temperature: 33, conditions: 'Cloudy', humidity: 82 });
    const image = await hub.callTool('everything__get-tiny-image', {});
    expect(image.content.some((block) => block.type === 'image' && block.mimeType === 'image/png')).toBe(true);

    const text = await hub.readResource({
      template: 'demo://resource/dynamic/text/{resourceId}',
      variables: { resourceId: 3 },
      server: 'everything',
    });
    expect(text.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/3', mimeType: 'text/plain' });
    const doc = await hub.readResource({ uri: 'demo://resource/static/document/architecture.md', server: 'everything' });
    expect(doc.contents[0]).toHaveProperty('text');
    const prompt = await hub.getPrompt('everything__args-prompt', { city: 'Lisbon' });
    expect(JSON.stringify(prompt.messages)).toContain('Lisbon');
  });

  it('answers roots/list with the hub handler, per server', async () => {
    const roots = await hub.callTool('everything__get-roots-list', {});
    expect(JSON.stringify(roots.content)).toContain('file:///srv/everything');
  });

  it('answers sampling and elicitation, reports progress and cancels over HTTP', async () => {
    const sampled = await hub.callTool('everything__trigger-sampling-request', { prompt: 'hi', maxTokens: 5 });
    expect(JSON.stringify(sampled.content)).toContain('sampled over http');
    const elicited = await hub.callTool('everything__trigger-elicitation-request', {});
    expect(JSON.stringify(elicited.content)).toContain('Grace');

    const progress: Progress[] = [];
    await hub.callTool(
      'everything__trigger-long-running-operation',
      { duration: 0.6, steps: 3 },
      { onProgress: (update) => progress.push(update) },
    );
    expect(progress.slice(0, 2).map((update) => [update.progress, update.total])).toEqual([
      [1, 3],
      [2, 3],
    ]);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const cancelled = await failure(
      hub.callTool('everything__trigger-long-running-operation', { duration: 10, steps: 10 }, { signal: controller.signal }),
    );
    expect(cancelled.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await hub.callTool('everything__echo', { message: 'still here' })).content).toEqual([
      { type: 'text', text: 'Echo: still here' },
    ]);
  });

  it('refreshes the catalog on list_changed: a resource registered by a tool call appears', async () => {
    // A data: URI, so the tool fetches nothing (and the namespace has no network anyway).
    const data = `data:text/plain;base64,${Buffer.from('hello list_changed').toString('base64')}`;
    const linked = await hub.callTool('everything__gzip-file-as-resource', {
      name: 'changed.txt.gz',
      data,
      outputType: 'resourceLink',
    });
    const [link] = linked.content;
    if (link?.type !== 'resource_link') throw new Error(`expected a resource link, got ${JSON.stringify(link)}`);
    await waitFor(
      async () => (await hub.listResources()).some((resource) => resource.uri === link.uri),
      5000,
      'the resources/list_changed refresh',
    );
    const read = await hub.readResource(link.uri);
    expect(read.contents[0]).toMatchObject({ uri: link.uri, mimeType: 'application/gzip' });
  });

  it('falls back to HTTP+SSE when Streamable HTTP is refused', async () => {
    expect(hub.server('legacy')).toMatchObject({ status: 'ready', era: 'legacy' });
    expect((await hub.callTool('legacy__echo', { message: 'over sse' })).content).toEqual([
      { type: 'text', text: 'Echo: over sse' },
    ]);
    const sampled = await hub.callTool('legacy__trigger-sampling-request', { prompt: 'hi', maxTokens: 5 });
    expect(JSON.stringify(sampled.content)).toContain('sampled over http');
  });

  it('recovers after the server restarts and forgets its sessions', async () => {
    await streamable.restart();
    // The first call after the restart may fail (typed) while the hub re-initializes; a later one must succeed.
    const first = await hub.callTool('everything__echo', { message: 'after restart' }).catch((error: unknown) => error);
    // (server-everything answers the unknown session with 400; a call is never retried on its own, it may not be
    // idempotent.)
    if (McpflowError.isInstance(first)) expect(first.code).toMatch(/^CONNECTION_(FAILED|CLOSED)$/);
    else expect(first).toMatchObject({ content: [{ type: 'text', text: 'Echo: after restart' }] });
    await waitFor(
      async () =>
        hub
          .callTool('everything__echo', { message: 'again' })
          .then(() => true)
          .catch(() => false),
      10_000,
      'a successful call after the restart',
    );
    expect(hub.server('everything')).toMatchObject({ status: 'ready', reconnects: 1 });
  });
});
