import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import { everythingServer } from '../client/test-support/reference-servers.ts';
import { ToolCallEndEvent } from './agent-events.ts';
import { createAgent } from './create-agent.ts';
import { scriptedModel, toolResultsIn, toolsOffered } from './test-support/scripted-model.ts';

let hub: McpHub;

beforeAll(async () => {
  const catalog = fileURLToPath(new URL('./test-support/large-catalog.fixture.ts', import.meta.url));
  hub = createMcpHub({ mcpServers: { everything: everythingServer(), catalog: { command: process.execPath, args: [catalog] } } });
  await hub.ready;
}, 60_000);

afterAll(async () => {
  await hub.close();
});

describe('agent tool search over a large catalog', () => {
  it('offers search_tools and call_tool instead of 300+ schemas, then the tools it found', async () => {
    expect((await hub.listTools()).length).toBeGreaterThan(300);
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'search_tools', input: { query: 'sum of two numbers', limit: 3 } }] },
      { toolCalls: [{ toolName: 'everything__get-sum', input: { a: 2, b: 40 } }] },
      { toolCalls: [{ toolName: 'call_tool', input: { name: 'catalog__stock-level-17', arguments: { sku: 'A-1' } } }] },
      { text: 'done' },
    ]);
    const agent = createAgent({ name: 'shopper', model, tools: hub });
    const run = agent.run({ prompt: 'add 2 and 40, then check stock of line 17' });
    const ends = [];
    for await (const event of run.events) if (ToolCallEndEvent.is(event)) ends.push(event.data);
    expect((await run.result).text).toBe('done');
    expect(toolsOffered(model, 0)).toEqual(['call_tool', 'search_tools']);
    const [found] = toolResultsIn(model, 1);
    const names = ((found?.output as { value?: { name: string }[] } | undefined)?.value ?? []).map((tool) => tool.name);
    expect(names[0]).toBe('everything__get-sum');
    expect(toolsOffered(model, 1)).toEqual(expect.arrayContaining(['call_tool', 'search_tools', 'everything__get-sum']));
    expect(toolsOffered(model, 1).length).toBeLessThanOrEqual(5);
    expect(toolResultsIn(model, 2).at(-1)?.output).toEqual({ type: 'text', value: 'The sum of 2 and 40 is 42.' });
    expect(toolResultsIn(model, 3).at(-1)?.output).toEqual({ type: 'text', value: 'line 17, A-1: 51 units' });
    // Events name the tool really called, not the meta-tool.
    expect(ends.map((end) => end.toolName)).toEqual(['search_tools', 'everything__get-sum', 'catalog__stock-level-17']);
  });

  it('sends every schema when the catalog fits the budget', async () => {
    const model = scriptedModel([{ text: 'hello' }]);
    const agent = createAgent({ name: 'small', model, tools: hub, toolSearch: { budget: 1000 } });
    await agent.run({ prompt: 'hi' }).result;
    expect(toolsOffered(model, 0).length).toBe((await hub.listTools()).length);
  });
});
