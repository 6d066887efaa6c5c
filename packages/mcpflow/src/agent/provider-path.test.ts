import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { ToolCallEndEvent } from './agent-events.ts';
import { createAgent } from './create-agent.ts';
import { resolveModel } from './resolve-model.ts';
import { startOpenAiCompatibleMock } from './test-support/openai-compatible-mock.ts';

let hub: McpHub;

beforeAll(async () => {
  hub = createMcpHub({ mcpServers: { everything: everythingServer() } });
  await hub.ready;
}, 60_000);

afterAll(async () => {
  await hub.close();
});

describe('agent through a real provider package', () => {
  it.each(['endpoint', 'ollama'])('streams tool calls and text from an OpenAI-compatible server (%s string)', async (form) => {
    const mock = await startOpenAiCompatibleMock([
      { toolCalls: [{ name: 'everything__get-sum', arguments: { a: 2, b: 40 } }] },
      { text: 'It is 42.' },
    ]);
    try {
      const model =
        form === 'ollama'
          ? await resolveModel('ollama:llama3.2', { env: { OLLAMA_BASE_URL: mock.baseURL } })
          : await resolveModel(`${mock.baseURL}#local-model`, { env: {} });
      const run = createAgent({ name: 'assistant', model, tools: hub, system: 'Be brief.' }).run({ prompt: '2 + 40?' });
      const ends = [];
      for await (const event of run.events) if (ToolCallEndEvent.is(event)) ends.push(event.data.summary);
      expect((await run.result).text).toBe('It is 42.');
      expect(ends).toEqual(['The sum of 2 and 40 is 42.']);
      const [first, second] = mock.requests as {
        model: string;
        tools?: { function: { name: string } }[];
        messages: { role: string; content?: unknown }[];
      }[];
      expect(first?.model).toBe(form === 'ollama' ? 'llama3.2' : 'local-model');
      expect(first?.tools?.map((tool) => tool.function.name)).toContain('everything__get-sum');
      expect(second?.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
      expect(second?.messages.at(-1)?.content).toBe('The sum of 2 and 40 is 42.');
    } finally {
      await mock.close();
    }
  });

  it('sends a result of several text blocks as plain text, not as JSON of the parts', async () => {
    const mock = await startOpenAiCompatibleMock([
      { toolCalls: [{ name: 'everything__get-resource-links', arguments: { count: 2 } }] },
      { text: 'Two links.' },
    ]);
    try {
      const model = await resolveModel(`${mock.baseURL}#local-model`, { env: {} });
      const agent = createAgent({ name: 'assistant', model, tools: hub, toolMedia: 'text' });
      expect((await agent.run({ prompt: 'links?' }).result).text).toBe('Two links.');
      const second = mock.requests[1] as { messages: { role: string; content?: unknown }[] } | undefined;
      const content = second?.messages.at(-1)?.content;
      expect(typeof content).toBe('string');
      const lines = String(content).split('\n');
      // An intro text block, then one line per resource link.
      expect(lines).toHaveLength(3);
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(/^\[resource link: .+ <demo:\/\/resource\/.+>/),
        expect.stringMatching(/^\[resource link: .+ <demo:\/\/resource\/.+>/),
      ]);
      expect(content).not.toContain('"type"');
    } finally {
      await mock.close();
    }
  });
});
