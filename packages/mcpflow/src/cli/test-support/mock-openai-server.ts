import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted model reply: text, tool calls, or both. */
export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  /** Wait this long before answering (to test cancellation while the model "thinks"). */
  delayMs?: number;
}

/** A chat-completions request body as the provider sent it. */
export interface RecordedRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
}

/**
 * A local OpenAI-compatible `/v1/chat/completions` endpoint on 127.0.0.1 that streams scripted replies, so the
 * real provider code path (`@ai-sdk/openai-compatible`, SSE parsing, tool call deltas) runs in the chat tests.
 */
export async function startMockOpenAiServer(replies: ScriptedReply[]) {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', async () => {
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      requests.push(JSON.parse(body) as RecordedRequest);
      const reply = replies[next] ?? { text: '(no more scripted replies)' };
      next += 1;
      if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if ((JSON.parse(body) as { stream?: boolean }).stream !== true) {
        // generateText (e.g. answering a server's sampling request) asks for one JSON completion.
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `reply-${next}`,
            object: 'chat.completion',
            created: 0,
            model: 'mock',
            choices: [{ index: 0, message: { role: 'assistant', content: reply.text ?? '' }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (delta: Record<string, unknown>, finish: string | null = null) =>
        response.write(
          `data: ${JSON.stringify({ id: `reply-${next}`, object: 'chat.completion.chunk', created: 0, model: 'mock', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
        );
      send({ role: 'assistant', content: '' });
      if (reply.text !== undefined) {
        // Two chunks, so the client really assembles deltas.
        const middle = Math.ceil(reply.text.length / 2);
        send({ content: reply.text.slice(0, middle) });
        send({ content: reply.text.slice(middle) });
      }
      (reply.toolCalls ?? []).forEach((call, index) => {
        send({
          tool_calls: [
            {
              index,
              id: `call_${next}_${index}`,
              type: 'function',
              function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            },
          ],
        });
      });
      send({}, reply.toolCalls === undefined ? 'stop' : 'tool_calls');
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
