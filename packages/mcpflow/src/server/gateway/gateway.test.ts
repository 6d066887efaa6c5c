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
import { connect, textOf } from '../test-support/gateway-clients.fixture.ts';
import { createGateway, type Gateway } from './create-gateway.ts';

const tap = fileURLToPath(new URL('../test-support/tap-stdio.fixture.ts', import.meta.url));

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
