import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from './serve-http.ts';
import { createReviewServer, slowSignals } from './test-support/review-server.fixture.ts';

type Era = 'modern' | 'legacy';

async function connect(
  url: URL,
  era: Era,
  answer = { approved: true, reviewer: 'ada' },
): Promise<{ client: Client; asked: string[] }> {
  const asked: string[] = [];
  const client = new Client({ name: 'mcpflow-test', version: '1.0.0' }, {
    capabilities: { elicitation: { form: {} }, sampling: {} },
    ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
  } as never);
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(String((request.params as { message: string }).message));
    return { action: 'accept', content: answer };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    const [message] = request.params.messages;
    const text = (message?.content as { text?: string } | undefined)?.text ?? '';
    return { role: 'assistant', model: 'test-model', content: { type: 'text', text: `model says: ${text}` } };
  });
  await client.connect(new StreamableHTTPClientTransport(url));
  return { client, asked };
}

describe('serveHttp', () => {
  let http: HttpServerHandle;
  beforeAll(async () => {
    http = await serveHttp(createReviewServer());
  });
  afterAll(async () => {
    await http.close();
  });

  it('binds 127.0.0.1 by default', () => {
    expect(http.url.hostname).toBe('127.0.0.1');
    expect(http.url.pathname).toBe('/mcp');
  });

  for (const era of ['modern', 'legacy'] as const) {
    describe(`${era} era`, () => {
      it('negotiates the era and lists the workflow with its flat input and structured output', async () => {
        const { client } = await connect(http.url, era);
        expect(client.getProtocolEra()).toBe(era);
        const { tools } = await client.listTools();
        const review = tools.find((tool) => tool.name === 'review');
        expect(review?.description).toBe('Write a text and ask a human to approve it');
        expect(review?.inputSchema).toMatchObject({
          type: 'object',
          properties: { topic: { type: 'string' } },
          required: ['topic'],
        });
        expect(review?.outputSchema).toMatchObject({ type: 'object', required: ['text', 'approvedBy'] });
        expect(tools.find((tool) => tool.name === 'slow')?.annotations).toEqual({ readOnlyHint: true });
        await client.close();
      });

      it('runs a workflow: progress arrives, the approval is elicited and answered, the result is structured', async () => {
        const { client, asked } = await connect(http.url, era);
        const progress: number[] = [];
        const result = await client.callTool(
          { name: 'review', arguments: { topic: 'MCP' } },
          { onprogress: (update) => progress.push(update.progress) },
        );
        expect(asked).toEqual(['Publish "About MCP"?']);
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toEqual({ text: 'About MCP', approvedBy: 'ada' });
        expect(progress).toContain(50);
        await client.close();
      });

      it('reports a rejected answer path and plain tools', async () => {
        const { client } = await connect(http.url, era, { approved: false, reviewer: 'bo' });
        const result = await client.callTool({ name: 'review', arguments: { topic: 'x' } });
        expect(result.structuredContent).toEqual({ text: 'rejected', approvedBy: 'bo' });
        const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
        expect(sum.structuredContent).toEqual({ sum: 42 });
        const invalid = await client.callTool({ name: 'review', arguments: { topic: 7 } });
        expect(invalid.isError).toBe(true);
        await client.close();
      });

      it("routes a step's sampling request to the client's model", async () => {
        const { client } = await connect(http.url, era);
        const result = await client.callTool({ name: 'ask-model', arguments: { question: 'why MCP?' } });
        expect(result.structuredContent).toEqual({ answer: 'model says: why MCP?', model: 'test-model' });
        await client.close();
      });

      it('cancels the run when the client cancels the call: the step signal fires', async () => {
        const { client } = await connect(http.url, era);
        const controller = new AbortController();
        const before = slowSignals.length;
        const call = client.callTool(
          { name: 'slow', arguments: { milliseconds: 5_000 } },
          { signal: controller.signal, onprogress: () => undefined },
        );
        for (let tries = 0; slowSignals.length === before && tries < 200; tries += 1)
          await new Promise((resolve) => setTimeout(resolve, 10));
        controller.abort();
        await expect(call).rejects.toThrow();
        const signal = slowSignals.at(-1);
        for (let tries = 0; signal?.aborted !== true && tries < 200; tries += 1)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(signal?.aborted).toBe(true);
        await client.close();
      });
    });
  }
});
