import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createMcpflowServer } from './create-mcpflow-server.ts';
import { serveHttp } from './serve-http.ts';

describe('prompts', () => {
  it('serves a prompt with completion to many sessions (each gets a fresh SDK server)', async () => {
    const server = createMcpflowServer({ name: 'prompts', version: '1.0.0' }).prompt(
      'greet',
      {
        description: 'Greets someone',
        arguments: z.object({ name: z.string() }),
        complete: { name: (value) => ['ada', 'alan', 'grace'].filter((name) => name.startsWith(value)) },
      },
      ({ name }) => `Say hello to ${name}`,
    );
    const http = await serveHttp(server);
    try {
      for (const era of ['legacy', 'modern', 'legacy'] as const) {
        const options = era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {};
        const client = new Client({ name: 'prompt-test', version: '1.0.0' }, options as never);
        await client.connect(new StreamableHTTPClientTransport(http.url));
        const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'ada' } });
        expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Say hello to ada' } }]);
        const completion = await client.complete({
          ref: { type: 'ref/prompt', name: 'greet' },
          argument: { name: 'name', value: 'a' },
        });
        expect(completion.completion.values).toEqual(['ada', 'alan']);
        await client.close();
      }
    } finally {
      await http.close();
    }
  });
});
