import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMcpHub } from '../client/create-mcp-hub.ts';
import { serveWorkflow } from '../server/serve-workflow.ts';
import { createAgent } from './create-agent.ts';
import { scriptedModel, toolResultsIn } from './test-support/scripted-model.ts';

describe('an agent served over MCP', () => {
  it('is a tool whose approvals reach the client as elicitation', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 40 } }] }, { text: 'It is 42.' }]);
    const add = tool({
      description: 'Add two numbers',
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const agent = createAgent({ name: 'assistant', description: 'Answers with tools', model, tools: { add }, approval: 'ask' });
    const handle = await serveWorkflow(agent, { transport: 'http' });
    const asked: string[] = [];
    const hub = createMcpHub(
      { mcpServers: { remote: { url: String(handle.url) } } },
      {
        elicitation: async (params) => {
          asked.push(params.message);
          return { action: 'accept', content: { approved: true } };
        },
      },
    );
    try {
      const [served] = await hub.listTools();
      expect(served?.name).toBe('remote__assistant');
      expect(served?.inputSchema.properties).toHaveProperty('prompt');
      const result = await hub.callTool('remote__assistant', { prompt: 'what is 2 + 40?' });
      expect(result.structuredContent).toMatchObject({ text: 'It is 42.', finishReason: 'stop', steps: 2 });
      expect(asked).toEqual(['Allow add with {"a":2,"b":40}?']);
      expect(toolResultsIn(model, 1)).toEqual([{ toolName: 'add', output: { type: 'json', value: 42 } }]);
    } finally {
      await hub.close();
      await handle.close();
    }
  });
});
