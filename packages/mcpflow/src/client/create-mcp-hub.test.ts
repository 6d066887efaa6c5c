import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Progress } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubLogEntry, McpflowError, type McpHub } from '../client.ts';
import { McpflowError as RootError } from '../errors/mcpflow-error.ts';
import { createMcpHub } from './create-mcp-hub.ts';
import { everythingServer, filesystemServer, waitFor } from './test-support/reference-servers.ts';

// One hub with the two reference servers, started once: the tests below share it, so none pays for a spawn.
let hub: McpHub;
let root: string;
const logs: HubLogEntry[] = [];
const samplingRequests: unknown[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcpflow-hub-'));
  await writeFile(join(root, 'notes.txt'), 'hello from the filesystem\n');
  hub = createMcpHub(
    { mcpServers: { everything: everythingServer(), files: filesystemServer(root, { prefix: 'fs' }) } },
    {
      sampling: async (params, context) => {
        samplingRequests.push({ params, context });
        return { model: 'fake-model', role: 'assistant', content: { type: 'text', text: 'sampled answer' } };
      },
      elicitation: async (params) => ({ action: 'accept', content: { name: `Ada (${params.mode ?? 'form'})` } }),
      logger: (entry) => logs.push(entry),
    },
  );
  await hub.ready;
});

afterAll(async () => {
  await hub?.close();
  await rm(root, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<McpflowError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!RootError.isInstance(error)) throw new Error(`expected an McpflowError, got ${String(error)}`);
  return error;
}

describe('createMcpHub against the reference servers', () => {
  it('starts both servers and reports their status, pid and era', () => {
    const servers = hub.servers();
    expect(servers.map((server) => [server.name, server.status, server.era, server.protocolVersion])).toEqual([
      ['everything', 'ready', 'legacy', '2025-11-25'],
      ['files', 'ready', 'legacy', '2025-11-25'],
    ]);
    for (const server of servers) expect(server.pid).toBeGreaterThan(0);
    expect(hub.stderr('everything').join('\n')).toContain('Starting default (STDIO) server');
  });

  it('lists every tool under prefixed, sanitised names', async () => {
    const names = (await hub.listTools()).map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'everything__get-sum',
        'everything__echo',
        'everything__trigger-sampling-request',
        'everything__trigger-elicitation-request',
        'fs__read_text_file',
        'fs__list_allowed_directories',
      ]),
    );
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const sum = (await hub.listTools()).find((tool) => tool.name === 'everything__get-sum');
    expect(sum).toMatchObject({ server: 'everything', serverToolName: 'get-sum', description: 'Returns the sum of two numbers' });
    expect(hub.collisions()).toEqual([]);
  });

  it('calls tools and keeps every content type and structured content', async () => {
    const sum = await hub.callTool('everything__get-sum', { a: 2, b: 40 });
    expect(sum.content).toEqual([{ type: 'text', text: 'The sum of 2 and 40 is 42.' }]);
    const echo = await hub.callTool('everything__echo', { message: 'hi' });
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
    const weather = await hub.callTool('everything__get-structured-content', { location: 'New York' });
    expect(weather.structuredContent).toEqual({ temperature: 33, conditions: 'Cloudy', humidity: 82 });
    const image = await hub.callTool('everything__get-tiny-image', {});
    const picture = image.content.find((block) => block.type === 'image');
    expect(picture).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect((picture as { data: string }).data.length).toBeGreaterThan(100);
  });

  it('rejects invalid arguments before sending, listing every problem', async () => {
    const error = await failure(hub.callTool('everything__get-sum', { a: 'two' }));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.data?.problems).toEqual([
      { path: '', message: 'must have property "b"' },
      { path: '/a', message: 'must be number' },
    ]);
    expect(McpflowError.isInstance(error, 'INVALID_ARGUMENTS')).toBe(true);
  });

  it('reports unknown tools and servers with typed errors', async () => {
    expect((await failure(hub.callTool('everything__nope'))).code).toBe('NOT_FOUND');
    expect(() => hub.server('nope')).toThrow(expect.objectContaining({ code: 'SERVER_NOT_FOUND' }));
  });

  it('reads files through server-filesystem and turns isError results into TOOL_ERROR', async () => {
    const read = await hub.callTool('fs__read_text_file', { path: join(root, 'notes.txt') });
    expect(read.content).toEqual([{ type: 'text', text: 'hello from the filesystem\n' }]);
    const error = await failure(hub.callTool('fs__read_text_file', { path: '/etc/hostname' }));
    expect(error.code).toBe('TOOL_ERROR');
    expect(error.message).toContain('Access denied');
    expect(error.data).toMatchObject({ tool: 'fs__read_text_file', server: 'files', result: { isError: true } });
  });

  it('lists resources and templates and reads both kinds', async () => {
    const resources = await hub.listResources();
    expect(resources.map((resource) => resource.uri)).toContain('demo://resource/static/document/architecture.md');
    const templates = await hub.listResourceTemplates();
    const text = templates.find((template) => template.uriTemplate === 'demo://resource/dynamic/text/{resourceId}');
    expect(text).toMatchObject({ name: 'everything__Dynamic_Text_Resource', server: 'everything', variables: ['resourceId'] });

    const byTemplate = await hub.readResource({
      template: 'demo://resource/dynamic/text/{resourceId}',
      variables: { resourceId: 7 },
    });
    expect(byTemplate.contents[0]).toMatchObject({ uri: 'demo://resource/dynamic/text/7', mimeType: 'text/plain' });
    const byName = await hub.readResource({ template: 'everything__Dynamic_Text_Resource', variables: { resourceId: '8' } });
    expect(byName.contents[0]?.uri).toBe('demo://resource/dynamic/text/8');
    const byUri = await hub.readResource('demo://resource/dynamic/blob/2');
    expect(byUri.contents[0]).toHaveProperty('blob');
    const listed = await hub.readResource('demo://resource/static/document/architecture.md');
    expect(listed.contents[0]).toHaveProperty('text');

    const missing = await failure(hub.readResource({ template: 'everything__Dynamic_Text_Resource', variables: {} }));
    expect(missing.code).toBe('INVALID_ARGUMENTS');
    expect((await failure(hub.readResource('unknown://x'))).code).toBe('NOT_FOUND');
  });

  it('gets prompts, keeping embedded resources, and checks required arguments', async () => {
    const names = (await hub.listPrompts()).map((prompt) => prompt.name);
    expect(names).toEqual(
      expect.arrayContaining(['everything__simple-prompt', 'everything__args-prompt', 'everything__resource-prompt']),
    );
    const args = await hub.getPrompt('everything__args-prompt', { city: 'Paris' });
    expect(JSON.stringify(args.messages)).toContain('Paris');
    const embedded = await hub.getPrompt('everything__resource-prompt', { resourceType: 'Text', resourceId: '2' });
    expect(embedded.messages[1]?.content).toMatchObject({
      type: 'resource',
      resource: { uri: 'demo://resource/dynamic/text/2' },
    });
    expect((await failure(hub.getPrompt('everything__args-prompt', {}))).code).toBe('INVALID_ARGUMENTS');
  });

  it('refreshes resources on list_changed: one registered by a tool call appears', async () => {
    // A data: URI, so the tool fetches nothing.
    const data = `data:text/plain;base64,${Buffer.from('hello').toString('base64')}`;
    const linked = await hub.callTool('everything__gzip-file-as-resource', {
      name: 'stdio.txt.gz',
      data,
      outputType: 'resourceLink',
    });
    const [link] = linked.content;
    if (link?.type !== 'resource_link') throw new Error(`expected a resource link, got ${JSON.stringify(link)}`);
    await waitFor(async () => (await hub.listResources()).some((resource) => resource.uri === link.uri), 5000, 'the refresh');
  });

  it('answers sampling and elicitation requests with the hub handlers', async () => {
    const sampled = await hub.callTool('everything__trigger-sampling-request', { prompt: 'Say hi', maxTokens: 20 });
    expect(JSON.stringify(sampled.content)).toContain('sampled answer');
    expect(samplingRequests.at(-1)).toMatchObject({ context: { server: 'everything' }, params: { maxTokens: 20 } });
    const elicited = await hub.callTool('everything__trigger-elicitation-request', {});
    expect(JSON.stringify(elicited.content)).toContain('Name: Ada (form)');
  });

  it('reports progress and restarts the timeout on each notification', async () => {
    const progress: Progress[] = [];
    // 4 steps of 250 ms against a 600 ms timeout: only the progress resets let it finish.
    const result = await hub.callTool(
      'everything__trigger-long-running-operation',
      { duration: 1, steps: 4 },
      { onProgress: (update) => progress.push(update), timeoutMs: 600 },
    );
    expect(result.content[0]).toMatchObject({ type: 'text' });
    // The last notification races the result inside the SDK, so only the first three are certain.
    expect(progress.map((update) => update.progress).slice(0, 3)).toEqual([1, 2, 3]);
    expect(progress[0]?.total).toBe(4);
  });

  it('cancels a call through its AbortSignal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 150);
    const error = await failure(
      hub.callTool('everything__trigger-long-running-operation', { duration: 5, steps: 5 }, { signal: controller.signal }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(1500);
    // The connection stays usable after a cancellation.
    expect((await hub.callTool('everything__echo', { message: 'still here' })).content).toEqual([
      { type: 'text', text: 'Echo: still here' },
    ]);
  });

  it('routes server log notifications to the logger', async () => {
    await hub.callTool('everything__toggle-simulated-logging', {});
    try {
      await waitFor(
        () => logs.some((entry) => entry.source === 'server' && entry.server === 'everything'),
        3000,
        'a log message',
      );
    } finally {
      await hub.callTool('everything__toggle-simulated-logging', {});
    }
    const entry = logs.find((candidate) => candidate.source === 'server');
    expect(entry).toMatchObject({ server: 'everything', level: expect.any(String) });
  });

  it('finds tools for a task with BM25 search', async () => {
    const hits = await hub.searchTools('add two numbers together', { limit: 3 });
    expect(hits[0]?.tool.name).toBe('everything__get-sum');
    const files = await hub.searchTools('read the text of a file', { limit: 3 });
    expect(files.map((hit) => hit.tool.name)).toContain('fs__read_text_file');
  });
});
