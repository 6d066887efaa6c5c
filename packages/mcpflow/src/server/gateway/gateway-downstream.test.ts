import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingServer, fixtureServer, waitFor } from '../../client/test-support/reference-servers.ts';
import { type HttpServerHandle, serveHttp } from '../serve-http.ts';
import { connect } from '../test-support/gateway-clients.fixture.ts';
import { modernRequest } from '../test-support/modern-request.fixture.ts';
import { createGateway, type Gateway } from './create-gateway.ts';

const tap = fileURLToPath(new URL('../test-support/tap-stdio.fixture.ts', import.meta.url));
const downstream = fileURLToPath(new URL('../test-support/gateway-downstream.fixture.ts', import.meta.url));

describe('gateway: an mcpflow server over stdio in the 2026 era behind the gateway', () => {
  let gateway: Gateway;
  let http: HttpServerHandle;

  beforeAll(async () => {
    gateway = createGateway(
      { mcpServers: { review: { command: process.execPath, args: [downstream], era: { pin: '2026-07-28' } } } },
      {
        name: 'gateway',
        version: '1.0.0',
        hub: { reconnect: false, listChangedDebounceMs: 10 },
        mount: { prefix: 'gw', exclude: 'review__slow' },
      },
    );
    await gateway.hub.ready;
    expect(gateway.hub.server('review').era).toBe('modern');
    http = await serveHttp(gateway.server);
  }, 60_000);

  afterAll(async () => {
    await http?.close();
    await gateway?.close();
  });

  it('applies the mount prefix and filters', async () => {
    const { client } = await connect(http.url, 'modern');
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['gw__review__review', 'gw__review__add', 'gw__review__fail']));
    expect(names).not.toContain('gw__review__slow');
    await client.close();
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`${era} client: a downstream tool error passes through as sent, structured content with its output schema`, async () => {
      const { client } = await connect(http.url, era);
      const failed = await client.callTool({ name: 'gw__review__fail', arguments: {} });
      expect(failed).toMatchObject({
        isError: true,
        content: [{ type: 'text', text: 'the disk is full' }],
        structuredContent: { reason: 'disk-full' },
      });
      const sum = await client.callTool({ name: 'gw__review__add', arguments: { a: 2, b: 40 } });
      expect(sum.structuredContent).toEqual({ sum: 42 });
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === 'gw__review__add')?.outputSchema).toMatchObject({
        type: 'object',
        properties: { sum: { type: 'number' } },
      });
      await client.close();
    });

    it(`${era} client: a downstream input_required round reaches this client, and sampling too`, async () => {
      const { client, asked } = await connect(http.url, era, { approved: true, reviewer: 'ada' });
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'gw__review__review', arguments: { topic: 'gateways' } },
        { onprogress: (update) => progress.push(update.progress) },
      );
      expect(asked).toEqual(['Publish "About gateways"?']);
      expect(result.structuredContent).toEqual({ text: 'About gateways', approvedBy: 'ada' });
      expect(progress).toContain(50);
      const answered = await client.callTool({ name: 'gw__review__ask-model', arguments: { question: 'why?' } });
      expect(answered.structuredContent).toEqual({ answer: 'model says: why?', model: 'upstream-model' });
      await client.close();
    });
  }

  it('answers each forwarded input request once: a missing answer asks again, a replayed state is refused', async () => {
    const call = { name: 'gw__review__review', arguments: { topic: 'replays' } };
    const first = await modernRequest(http.url, 'tools/call', call, { tasks: false });
    expect(first.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { elicitation: { method: 'elicitation/create' } },
    });
    const requestState = first.result?.requestState as string;
    const unanswered = await modernRequest(http.url, 'tools/call', { ...call, requestState }, { tasks: false });
    expect(unanswered.result).toMatchObject({ resultType: 'input_required' });
    const answer = { elicitation: { action: 'accept', content: { approved: true, reviewer: 'ada' } } };
    const state = unanswered.result?.requestState as string;
    const done = await modernRequest(
      http.url,
      'tools/call',
      { ...call, requestState: state, inputResponses: answer },
      { tasks: false },
    );
    expect(done.result?.structuredContent).toEqual({ text: 'About replays', approvedBy: 'ada' });
    const replay = await modernRequest(
      http.url,
      'tools/call',
      { ...call, requestState: state, inputResponses: answer },
      { tasks: false },
    );
    expect(replay.result).toMatchObject({ isError: true });
    expect(JSON.stringify(replay.result?.content)).toContain('expired or was already answered');
  });

  it('keeps concurrent callers apart: each one answers its own elicitation', async () => {
    const clients = await Promise.all(
      ['ada', 'grace', 'linus'].map(async (reviewer) => {
        const client = new Client({ name: reviewer, version: '1.0.0' }, {
          capabilities: { elicitation: { form: {} } },
          versionNegotiation: { mode: { pin: '2026-07-28' } },
        } as never);
        client.setRequestHandler('elicitation/create', async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { action: 'accept', content: { approved: true, reviewer } };
        });
        await client.connect(new StreamableHTTPClientTransport(http.url));
        return client;
      }),
    );
    const results = await Promise.all(
      clients.map((client, index) => client.callTool({ name: 'gw__review__review', arguments: { topic: `t${index}` } })),
    );
    expect(results.map((result) => result.structuredContent ?? result.content)).toEqual([
      { text: 'About t0', approvedBy: 'ada' },
      { text: 'About t1', approvedBy: 'grace' },
      { text: 'About t2', approvedBy: 'linus' },
    ]);
    await Promise.all(clients.map((client) => client.close()));
  });

  it("propagates the downstream server's list_changed to clients of both eras", async () => {
    const legacy = await connect(http.url, 'legacy');
    let legacyNotified = false;
    legacy.client.setNotificationHandler('notifications/tools/list_changed', () => {
      legacyNotified = true;
    });
    let modernTools: string[] = [];
    const modern = new Client({ name: 'listener', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
      listChanged: {
        tools: {
          debounceMs: 0,
          onChanged: (_error: unknown, tools: { name: string }[] | null) => {
            modernTools = (tools ?? []).map((tool) => tool.name);
          },
        },
      },
    } as never);
    await modern.connect(new StreamableHTTPClientTransport(http.url));
    await legacy.client.callTool({ name: 'gw__review__grow', arguments: {} });
    await waitFor(() => legacyNotified, 10_000, 'list_changed on the 2025 session');
    expect((await legacy.client.listTools()).tools.map((tool) => tool.name)).toContain('gw__review__grown');
    await waitFor(() => modernTools.includes('gw__review__grown'), 10_000, 'list_changed on the 2026 listen stream');
    const grown = await modern.callTool({ name: 'gw__review__grown', arguments: {} });
    expect(grown.content).toEqual([{ type: 'text', text: 'grown' }]);
    await legacy.client.close();
    await modern.close();
  });
});

describe('gateway: an input request the client never answers', () => {
  it('cancels the downstream call once the answer time is up: nothing is left running', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mcpflow-gateway-ttl-'));
    const record = join(folder, 'everything-stdin.jsonl');
    const everything = everythingServer();
    const gateway = createGateway(
      {
        mcpServers: {
          everything: {
            command: process.execPath,
            args: [tap, record, everything.command as string, ...(everything.args ?? [])],
          },
        },
      },
      // 3 s, not 1: the check that nothing was cancelled early must not race the expiry on a loaded machine.
      { name: 'gateway', inputTtlSeconds: 3, hub: { reconnect: false } },
    );
    const http = await serveHttp(gateway.server);
    try {
      await gateway.hub.ready;
      const call = { name: 'everything__trigger-elicitation-request', arguments: {} };
      const first = await modernRequest(http.url, 'tools/call', call, { tasks: false });
      expect(first.result).toMatchObject({ resultType: 'input_required' });
      expect(readFileSync(record, 'utf8')).not.toContain('notifications/cancelled');
      await waitFor(
        () => readFileSync(record, 'utf8').includes('notifications/cancelled'),
        10_000,
        'the downstream cancellation',
      );
      const late = await modernRequest(
        http.url,
        'tools/call',
        {
          ...call,
          requestState: first.result?.requestState,
          inputResponses: { elicitation: { action: 'accept', content: { name: 'x' } } },
        },
        { tasks: false },
      );
      expect(JSON.stringify(late.result?.content)).toContain('expired or was already answered');
    } finally {
      await http.close();
      await gateway.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('gateway: a lazy hub', () => {
  it('starts the servers, since it can only serve what they list', async () => {
    const gateway = createGateway({ mcpServers: { fixture: fixtureServer() } }, { name: 'gateway', hub: { connect: 'lazy' } });
    const http = await serveHttp(gateway.server);
    try {
      await waitFor(() => gateway.hub.server('fixture').status === 'ready', 15_000, 'the lazy server to start');
      const { client } = await connect(http.url, 'modern');
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('fixture__add');
      await client.close();
    } finally {
      await http.close();
      await gateway.close();
    }
  }, 30_000);
});
