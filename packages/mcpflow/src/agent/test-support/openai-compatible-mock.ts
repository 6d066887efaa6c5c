// A scripted OpenAI-compatible chat completions endpoint on 127.0.0.1 (streaming SSE), so that tests run the real
// provider code path: each request takes the next turn (text or tool calls); request bodies are kept.
import { createServer, type Server } from 'node:http';

/** One scripted reply. */
export interface MockTurn {
  text?: string;
  toolCalls?: { name: string; arguments: unknown }[];
}

/** A running mock endpoint. */
export interface OpenAiCompatibleMock {
  /** The base URL, e.g. `http://127.0.0.1:4321/v1`. */
  baseURL: string;
  /** Every request body received, parsed. */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  const body = {
    id: 'chatcmpl-mock',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'mock',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** Starts the endpoint on an ephemeral loopback port. */
export async function startOpenAiCompatibleMock(script: MockTurn[]): Promise<OpenAiCompatibleMock> {
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (data: Buffer) => {
      body += data.toString('utf8');
    });
    request.on('end', () => {
      requests.push(JSON.parse(body) as Record<string, unknown>);
      const turn = script[Math.min(requests.length - 1, script.length - 1)] ?? { text: '' };
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write(chunk({ role: 'assistant', content: '' }));
      if (turn.text !== undefined) response.write(chunk({ content: turn.text }));
      (turn.toolCalls ?? []).forEach((call, index) => {
        const id = `call_${requests.length}_${index}`;
        const args = JSON.stringify(call.arguments);
        response.write(chunk({ tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }));
        // Arguments arrive in pieces, as real servers send them.
        for (const piece of [args.slice(0, 3), args.slice(3)]) {
          response.write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
        }
      });
      response.write(chunk({}, turn.toolCalls?.length ? 'tool_calls' : 'stop'));
      response.write('data: [DONE]\n\n');
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
