import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { asSchema, generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAiSdkTools } from '../../client-ai.ts';
import { createMcpHub } from '../create-mcp-hub.ts';
import type { McpHub } from '../mcp-hub.ts';
import { everythingServer, filesystemServer, fixtureServer, waitFor } from '../test-support/reference-servers.ts';

let hub: McpHub;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcpflow-ai-'));
  hub = createMcpHub({
    mcpServers: { everything: everythingServer(), files: filesystemServer(root, { prefix: 'fs' }), fixture: fixtureServer() },
  });
  await hub.ready;
});

afterAll(async () => {
  await hub?.close();
  await rm(root, { recursive: true, force: true });
});

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** A scripted model: the first turn calls the given tools, the second answers with text. */
function scriptedModel(calls: { toolName: string; input: unknown }[]) {
  const turns: LanguageModelV4GenerateResult[] = [
    {
      content: calls.map((call, index) => ({
        type: 'tool-call',
        toolCallId: `call-${index}`,
        toolName: call.toolName,
        input: JSON.stringify(call.input),
      })),
      finishReason: { unified: 'tool-calls', raw: undefined },
      usage,
      warnings: [],
    },
    { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] },
  ];
  const prompts: LanguageModelV4CallOptions['prompt'][] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      prompts.push(options.prompt);
      const turn = turns[prompts.length - 1];
      if (turn === undefined) throw new Error('the model was asked more often than scripted');
      return turn;
    },
  });
  return { model, prompts };
}

function toolResults(prompt: LanguageModelV4CallOptions['prompt'] | undefined) {
  return (prompt ?? []).flatMap((message) =>
    message.role === 'tool' ? message.content.filter((part) => part.type === 'tool-result') : [],
  );
}

describe('toAiSdkTools against the reference servers', () => {
  it('hands the model lossless schemas, every content type, and isError as a tool error', async () => {
    const tools = await toAiSdkTools(hub);
    expect(Object.keys(tools)).toEqual((await hub.listTools()).map((tool) => tool.name));
    const readFile = (await hub.listTools()).find((tool) => tool.name === 'fs__read_text_file');
    const schema = await asSchema(tools.fs__read_text_file?.inputSchema).jsonSchema;
    expect(schema).toEqual(readFile?.inputSchema);

    const { model, prompts } = scriptedModel([
      { toolName: 'everything__get-tiny-image', input: {} },
      { toolName: 'everything__get-structured-content', input: { location: 'New York' } },
      { toolName: 'fs__read_text_file', input: { path: '/etc/hostname' } },
      { toolName: 'everything__get-sum', input: { a: 'two', b: 40 } },
      { toolName: 'everything__get-resource-links', input: { count: 1 } },
      { toolName: 'everything__get-resource-reference', input: { resourceType: 'Text', resourceId: 1 } },
    ]);
    const result = await generateText({ model, tools, prompt: 'go', stopWhen: stepCountIs(3) });
    expect(result.text).toBe('done');

    const [image, weather, denied, invalid, links, embedded] = toolResults(prompts[1]);
    expect(image?.output).toMatchObject({
      type: 'content',
      value: [
        { type: 'text', text: "Here's the image you requested:" },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: expect.stringMatching(/^iVBOR/) } },
        { type: 'text', text: 'The image above is the MCP logo.' },
      ],
    });
    // Its one text block mirrors structuredContent, so the model gets the value once, as JSON.
    expect(weather?.output).toEqual({ type: 'json', value: { temperature: 33, conditions: 'Cloudy', humidity: 82 } });
    // The model reads the server's whole error text as the agent hands it over (the AI SDK prefixes the error's name).
    const refusal = await hub.callTool('fs__read_text_file', { path: '/etc/hostname' }).catch((error: unknown) => error);
    const refused = (refusal as { data?: { result?: { content: { type: string; text?: string }[] } } }).data?.result;
    expect(denied?.output).toEqual({
      type: 'error-text',
      value: `McpflowError: ${refused?.content.map((block) => block.text).join('\n')}`,
    });
    expect(denied?.output).toMatchObject({ value: expect.stringContaining('Access denied') });
    expect(invalid?.output).toMatchObject({ type: 'error-text', value: expect.stringContaining('Invalid arguments') });
    // Text-only results go as one text (OpenAI chat completions would send content parts as their JSON).
    expect(links?.output).toMatchObject({
      type: 'text',
      value: expect.stringMatching(/\[resource link: [^<]+<demo:\/\/resource\/[^>]+>/),
    });
    expect(embedded?.output).toMatchObject({
      type: 'text',
      value: expect.stringMatching(/\[resource <demo:\/\/resource\/dynamic\/text\/1>\]/),
    });
    expect(result.steps[0]?.toolResults.map((part) => part.toolName)).toEqual([
      'everything__get-tiny-image',
      'everything__get-structured-content',
      'everything__get-resource-links',
      'everything__get-resource-reference',
    ]);
  });

  it('replaces media by placeholders for models without file support, and converts a chosen subset', async () => {
    const [hit] = await hub.searchTools('tiny image', { limit: 1 });
    await expect(toAiSdkTools(hub, { tools: ['everything__echo', 'no-such-tool'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      data: { names: ['no-such-tool'] },
    });
    const tools = await toAiSdkTools(hub, { tools: [hit?.tool ?? 'missing', 'everything__echo'], media: 'text' });
    expect(Object.keys(tools)).toEqual(['everything__get-tiny-image', 'everything__echo']);
    const { model, prompts } = scriptedModel([{ toolName: 'everything__get-tiny-image', input: {} }]);
    await generateText({ model, tools, prompt: 'go', stopWhen: stepCountIs(3) });
    const output = toolResults(prompts[1])[0]?.output;
    expect(output).toMatchObject({ type: 'text', value: expect.stringMatching(/\[image: image\/png, [0-9.]+ k?B, not shown\]/) });
    expect(JSON.stringify(output)).not.toContain('iVBOR');
  });

  it('projects schemas for strict mode on request and drops the nulls the model then sends', async () => {
    await writeFile(join(root, 'lines.txt'), 'first\nsecond\n');
    const tools = await toAiSdkTools(hub, { tools: ['fs__read_text_file'], strict: true });
    const readText = tools.fs__read_text_file as { strict?: boolean; inputSchema: Parameters<typeof asSchema>[0] };
    expect(readText.strict).toBe(true);
    expect(await asSchema(readText.inputSchema).jsonSchema).toMatchObject({
      additionalProperties: false,
      required: ['path', 'tail', 'head'],
    });
    const { model, prompts } = scriptedModel([
      { toolName: 'fs__read_text_file', input: { path: join(root, 'lines.txt'), tail: null, head: 1 } },
    ]);
    await generateText({ model, tools, prompt: 'go', stopWhen: stepCountIs(3) });
    // server-filesystem's structuredContent ({ content }) is not mirrored by its text block, so it follows as JSON.
    expect(toolResults(prompts[1])[0]?.output).toEqual({ type: 'text', value: 'first\n{"content":"first"}' });
  });

  it('cancels the MCP request when the generation is aborted', async () => {
    const stats = async () => {
      const [block] = (await hub.callTool('fixture__stats')).content;
      return JSON.parse(block?.type === 'text' ? block.text : '{}') as { cancelled: number };
    };
    const before = (await stats()).cancelled;
    const tools = await toAiSdkTools(hub, { tools: ['fixture__hang'] });
    const { model } = scriptedModel([{ toolName: 'fixture__hang', input: {} }]);
    const controller = new AbortController();
    const generation = generateText({ model, tools, prompt: 'go', abortSignal: controller.signal, stopWhen: stepCountIs(3) });
    setTimeout(() => controller.abort(), 300);
    await expect(generation).rejects.toThrow();
    await waitFor(async () => (await stats()).cancelled === before + 1, 5000, 'the server to see the cancellation');
  });
});
