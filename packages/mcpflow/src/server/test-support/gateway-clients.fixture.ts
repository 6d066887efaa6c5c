// Test helper for the gateway tests: raw SDK v2 clients of either era that answer elicitation and sampling.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export type Era = 'modern' | 'legacy';

export const everythingAnswer = { name: 'Ada Lovelace', check: true, integer: 7 };

export async function connect(
  url: URL,
  era: Era,
  answer: Record<string, string | number | boolean> = everythingAnswer,
): Promise<{ client: Client; asked: string[]; requests: Record<string, unknown>[] }> {
  const asked: string[] = [];
  const requests: Record<string, unknown>[] = [];
  const client = new Client({ name: 'gateway-test', version: '1.0.0' }, {
    capabilities: { elicitation: { form: {} }, sampling: {} },
    ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
  } as never);
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(String((request.params as { message: string }).message));
    requests.push(request.params as Record<string, unknown>);
    return { action: 'accept', content: answer };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    const [message] = request.params.messages;
    const text = (message?.content as { text?: string } | undefined)?.text ?? '';
    return { role: 'assistant', model: 'upstream-model', content: { type: 'text', text: `model says: ${text.slice(0, 40)}` } };
  });
  await client.connect(new StreamableHTTPClientTransport(url));
  return { client, asked, requests };
}

export const textOf = (result: { content: unknown }) =>
  (result.content as { type: string; text?: string }[])
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
