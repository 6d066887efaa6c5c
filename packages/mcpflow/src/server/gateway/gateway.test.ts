import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingServer, fixtureServer, waitFor } from '../../client/test-support/reference-servers.ts';
import { type HttpServerHandle, serveHttp } from '../serve-http.ts';
import { modernRequest } from '../test-support/modern-request.fixture.ts';
import { createGateway, type Gateway } from './create-gateway.ts';

type Era = 'modern' | 'legacy';

const tap = fileURLToPath(new URL('../test-support/tap-stdio.fixture.ts', import.meta.url));

const everythingAnswer = { name: 'Ada Lovelace', check: true, integer: 7 };

async function connect(
  url: URL,
  era: Era,
  answer: Record<string, string | number | boolean> = everythingAnswer,
): Promise<{ client: Client; asked: string[]; requests: Record<string, unknown>[] }> {
  const asked: string[] = [];
  const requests: Record<string, unknown>[] = [];
  const client = new Client({ name: 'gateway-test', version: '1.0.0' }, {
    capabilities: { elicitation: { form: {} }, sampling: {} },
    ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
  } as never);
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(String((request.params as { message: string }).message));
    requests.push(request.params as Record<string, unknown>);
    return { action: 'accept', content: answer };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    const [message] = request.params.messages;
    const text = (message?.content as { text?: string } | undefined)?.text ?? '';
    return { role: 'assistant', model: 'upstream-model', content: { type: 'text', text: `model says: ${text.slice(0, 40)}` } };
  });
  await client.connect(new StreamableHTTPClientTransport(url));
  return { client, asked, requests };
}

const textOf = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[])
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('\n');

describe('gateway: server-everything over stdio behind an mcpflow server', () => {
  let gateway: Gateway;
  let http: HttpServerHandle;
  let folder: string;
  let record: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mcpflow-gateway-'));
    record = join(folder, 'everything-stdin.jsonl');
    const everything = everythingServer();
    gateway = createGateway(
      {
        mcpServers: {
          everything: {
            command: process.execPath,
            args: [tap, record, everything.command as string, ...(everything.args ?? [])],
          },
          fixture: fixtureServer(),
        },
      },
      { name: 'gateway', version: '1.0.0', hub: { reconnect: false } },
    );
    await gateway.hub.ready;
    http = await serveHttp(gateway.server);
  }, 60_000);

  afterAll(async () => {
    await http?.close();
    await gateway?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves the MCP Inspector CLI in both eras: it lists and calls a downstream tool', async () => {
    const inspector = fileURLToPath(
      new URL('../../../../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', import.meta.url),
    );
    const inspect = async (args: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, [inspector, '--cli', '--format', 'json', '-q', ...args], {
        env: { ...process.env, HOME: folder },
        timeout: 30_000,
      });
      return (JSON.parse(stdout) as { result: Record<string, unknown> }).result;
    };
    for (const era of ['legacy', 'modern']) {
      const listed = await inspect(['--protocol-era', era, '--method', 'tools/list', http.url.href]);
      expect((listed.tools as { name: string }[]).map((tool) => tool.name)).toContain('everything__echo');
      const called = await inspect([
        '--protocol-era',
        era,
        '--method',
        'tools/call',
        '--tool-name',
        'everything__echo',
        '--tool-args-json',
        '{"message":"inspected"}',
        http.url.href,
      ]);
      expect(called).toMatchObject({ content: [{ type: 'text', text: 'Echo: inspected' }] });
    }
  }, 60_000);

  it("never hands one client's elicitation to another: a 2025-era server's request is refused when it is ambiguous", async () => {
    // server-everything pushes elicitation/create with no link to the call it belongs to: with calls of two clients
    // in flight the gateway cannot tell whose it is, and refuses rather than guess.
    const callers = await Promise.all(['Ada', 'Grace'].map((name) => connect(http.url, 'modern', { name })));
    const results = await Promise.all(
      callers.map(({ client }) => client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} })),
    );
    results.forEach((result, index) => {
      const text = textOf(result);
      if (text.includes('User provided')) expect(text).toContain(`- Name: ${['Ada', 'Grace'][index]}`);
      else expect(text).toContain('cannot be routed to one');
      expect(text).not.toContain(`- Name: ${['Grace', 'Ada'][index]}`);
    });
    await Promise.all(callers.map(({ client }) => client.close()));
  });

  for (const era of ['modern', 'legacy'] as const) {
    describe(`${era} era client in front`, () => {
      it('lists tools, prompts, resources and templates under the hub names, definitions intact', async () => {
        const { client } = await connect(http.url, era);
        expect(client.getProtocolEra()).toBe(era);
        const { tools } = await client.listTools();
        const names = tools.map((tool) => tool.name);
        expect(names).toEqual(
          expect.arrayContaining(['everything__echo', 'everything__trigger-elicitation-request', 'fixture__add']),
        );
        const echo = tools.find((tool) => tool.name === 'everything__echo');
        expect(echo?.inputSchema).toMatchObject({
          type: 'object',
          properties: { message: { type: 'string' } },
          required: ['message'],
        });
        const structured = tools.find((tool) => tool.name === 'everything__get-structured-content');
        expect(structured?.outputSchema).toMatchObject({ type: 'object' });
        expect(tools.find((tool) => tool.name === 'everything__trigger-long-running-operation')?.annotations).toMatchObject({
          readOnlyHint: true,
        });
        const { prompts } = await client.listPrompts();
        const args = prompts.find((prompt) => prompt.name === 'everything__args-prompt');
        expect(args?.arguments).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'city', required: true })]));
        const { resources } = await client.listResources();
        expect(resources.length).toBeGreaterThan(0);
        const { resourceTemplates } = await client.listResourceTemplates();
        expect(resourceTemplates.map((template) => template.uriTemplate)).toContain('demo://resource/dynamic/text/{resourceId}');
        await client.close();
      });

      it('calls tools: text, image and structured content pass through untouched; errors stay tool errors', async () => {
        const { client } = await connect(http.url, era);
        const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
        expect(echo.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
        const direct = await gateway.hub.callTool('everything__get-tiny-image', {});
        const image = await client.callTool({ name: 'everything__get-tiny-image', arguments: {} });
        expect(image.content).toEqual(direct.content);
        expect((image.content as { type: string }[]).map((block) => block.type)).toContain('image');
        const weather = await client.callTool({
          name: 'everything__get-structured-content',
          arguments: { location: 'New York' },
        });
        expect(weather.structuredContent).toMatchObject({ temperature: expect.any(Number) });
        const invalid = await client.callTool({ name: 'everything__echo', arguments: { message: 42 } });
        expect(invalid.isError).toBe(true);
        await client.close();
      });

      it('forwards progress notifications from the downstream tool', async () => {
        const { client } = await connect(http.url, era);
        const progress: { progress: number; total: number | undefined }[] = [];
        const result = await client.callTool(
          { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
          { onprogress: (update) => progress.push({ progress: update.progress, total: update.total }) },
        );
        expect(textOf(result)).toContain('Long running operation completed');
        expect(progress).toEqual([
          { progress: 1, total: 3 },
          { progress: 2, total: 3 },
          { progress: 3, total: 3 },
        ]);
        await client.close();
      });

      it('cancels: the downstream server receives notifications/cancelled for its request', async () => {
        const { client } = await connect(http.url, era);
        const controller = new AbortController();
        const before = readFileSync(record, 'utf8').split('notifications/cancelled').length;
        let progressed = false;
        const call = client.callTool(
          { name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 300 } },
          { signal: controller.signal, onprogress: () => (progressed = true) },
        );
        await waitFor(() => progressed, 10_000, 'first progress');
        controller.abort();
        await expect(call).rejects.toThrow();
        await waitFor(
          () => readFileSync(record, 'utf8').split('notifications/cancelled').length > before,
          10_000,
          'cancellation downstream',
        );
        await client.close();
      });

      it('routes a downstream elicitation to this client and its answer back', async () => {
        const { client, asked, requests } = await connect(http.url, era);
        const result = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
        expect(asked).toEqual(['Please provide inputs for the following fields:']);
        // The request arrives as the server sent it.
        expect(requests[0]).toMatchObject({ requestedSchema: { type: 'object', required: ['name'] } });
        expect(textOf(result)).toContain('- Name: Ada Lovelace');
        expect(textOf(result)).toContain('- Favorite Integer: 7');
        await client.close();
      });

      it('refuses a downstream elicitation for a client that cannot answer one, and the call still ends', async () => {
        const client = new Client({ name: 'no-forms', version: '1.0.0' }, {
          ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
        } as never);
        await client.connect(new StreamableHTTPClientTransport(http.url));
        const result = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
        expect(textOf(result)).toContain('does not support elicitation');
        await client.close();
      });

      it('routes a downstream sampling request to this client', async () => {
        const { client } = await connect(http.url, era);
        const result = await client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hello' } });
        expect(textOf(result)).toContain('model says:');
        await client.close();
      });

      it('completes prompt arguments and template variables through the owning server', async () => {
        const { client } = await connect(http.url, era);
        const prompt = { type: 'ref/prompt', name: 'everything__completable-prompt' } as const;
        const department = await client.complete({ ref: prompt, argument: { name: 'department', value: 'En' } });
        expect(department.completion.values).toEqual(['Engineering']);
        const lead = await client.complete({
          ref: prompt,
          argument: { name: 'name', value: 'A' },
          context: { arguments: { department: 'Engineering' } },
        });
        expect(lead.completion.values).toEqual(['Alice']);
        const template = { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' } as const;
        const direct = await gateway.hub.complete(
          { template: 'everything__Dynamic_Text_Resource' },
          { name: 'resourceId', value: '1' },
        );
        expect(direct.length).toBeGreaterThan(0);
        const ids = await client.complete({ ref: template, argument: { name: 'resourceId', value: '1' } });
        expect(ids.completion.values).toEqual(direct);
        await client.close();
      });

      it('reads resources (static and from a template) and gets prompts', async () => {
        const { client } = await connect(http.url, era);
        const { resources } = await client.listResources();
        const first = resources[0];
        if (first === undefined) throw new Error('no resources listed');
        const read = await client.readResource({ uri: first.uri });
        expect(read.contents[0]).toMatchObject({ uri: first.uri });
        const dynamic = await client.readResource({ uri: 'demo://resource/dynamic/text/3' });
        expect(dynamic.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/3', mimeType: 'text/plain' });
        const prompt = await client.getPrompt({ name: 'everything__args-prompt', arguments: { city: 'Paris', state: 'TX' } });
        expect(JSON.stringify(prompt.messages)).toContain('Paris');
        const blob = await client.readResource({ uri: 'demo://resource/dynamic/blob/2' });
        expect(blob.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/blob/2', blob: expect.any(String) });
        const embedded = await client.getPrompt({
          name: 'everything__resource-prompt',
          arguments: { resourceType: 'Text', resourceId: '1' },
        });
        expect(embedded.messages.map((message) => message.content.type)).toContain('resource');
        const simple = await client.getPrompt({ name: 'everything__simple-prompt' });
        expect(simple.messages.length).toBeGreaterThan(0);
        await client.close();
      });
    });
  }
});

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
      { name: 'gateway', inputTtlSeconds: 1, hub: { reconnect: false } },
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
