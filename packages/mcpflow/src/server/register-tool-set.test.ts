import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { jsonSchema, type ToolSet, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMcpflowServer } from './create-mcpflow-server.ts';
import { serveHttp } from './serve-http.ts';

describe('existing tools', () => {
  it('serves an AI SDK v7 tool set and plain function tools in one call', async () => {
    const seen: { toolCallId: string; aborted: boolean }[] = [];
    const tools: ToolSet = {
      weather: tool({
        description: 'Weather for a city',
        inputSchema: z.object({ city: z.string() }),
        outputSchema: z.object({ city: z.string(), celsius: z.number() }),
        execute: async ({ city }, options) => {
          seen.push({ toolCallId: options.toolCallId, aborted: options.abortSignal?.aborted ?? true });
          return { city, celsius: 21 };
        },
      }),
      shout: tool({
        description: 'Upper-cases text',
        inputSchema: jsonSchema<{ text: string }>({
          type: 'object',
          properties: { text: { type: 'string' } },
          required: ['text'],
        }),
        execute: async ({ text }) => text.toUpperCase(),
      }),
    };
    const server = createMcpflowServer({ name: 'tool-set', version: '1.0.0' })
      .toolSet(tools)
      .toolSet({
        add: {
          description: 'Adds',
          inputSchema: z.object({ a: z.number(), b: z.number() }),
          execute: ({ a, b }: { a: number; b: number }) => a + b,
        },
      });
    const http = await serveHttp(server);
    try {
      const client = new Client({ name: 'tool-set-test', version: '1.0.0' }, {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
      } as never);
      await client.connect(new StreamableHTTPClientTransport(http.url));
      const listed = await client.listTools();
      expect(listed.tools.map((listedTool) => listedTool.name).sort()).toEqual(['add', 'shout', 'weather']);
      expect(listed.tools.find((listedTool) => listedTool.name === 'shout')?.inputSchema).toMatchObject({ required: ['text'] });
      expect((await client.callTool({ name: 'weather', arguments: { city: 'Oslo' } })).structuredContent).toEqual({
        city: 'Oslo',
        celsius: 21,
      });
      expect(seen).toEqual([{ toolCallId: expect.any(String), aborted: false }]);
      expect((await client.callTool({ name: 'shout', arguments: { text: 'mcp' } })).content).toEqual([
        { type: 'text', text: 'MCP' },
      ]);
      expect((await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).content).toEqual([{ type: 'text', text: '5' }]);
      const invalid = await client.callTool({ name: 'shout', arguments: { text: 5 } });
      expect(invalid.isError).toBe(true);
      await client.close();
    } finally {
      await http.close();
    }
  });

  it('refuses tools it cannot run when they are added', () => {
    const server = createMcpflowServer({ name: 'bad', version: '1.0.0' });
    expect(() => server.toolSet({ clientSide: { description: 'no execute', inputSchema: z.object({}) } })).toThrow(
      /no execute function/,
    );
    expect(() => server.toolSet({ odd: { inputSchema: 'not a schema', execute: () => 1 } })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
