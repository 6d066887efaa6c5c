/**
 * Builds the exact load requests by recording what the official v2 `Client` sends: it connects (legacy: the
 * `initialize` handshake, which gives sessionful servers their `Mcp-Session-Id`; modern: pinned to 2026-07-28)
 * and calls `echo` once through a wrapped `fetch`; the recorded `tools/call` (headers and body) is then replayed.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export type Era = 'modern' | 'legacy';

/** One recorded `tools/call`, ready to replay; `close` ends the client (and so its session). */
export interface CapturedCall {
  headers: Record<string, string>;
  body: string;
  sessionId: string | undefined;
  close(): Promise<void>;
}

/** What a request that should not be replayed as is carries: hop-by-hop or per-connection headers. */
const dropped = new Set(['content-length', 'connection', 'host', 'keep-alive', 'transfer-encoding']);

export async function captureCall(url: string, era: Era, message: string): Promise<CapturedCall> {
  let call: { headers: Record<string, string>; body: string } | undefined;
  const recordingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    if (body?.includes('"tools/call"')) {
      const headers: Record<string, string> = {};
      for (const [name, value] of new Headers(init?.headers).entries()) if (!dropped.has(name)) headers[name] = value;
      call = { headers, body };
    }
    return fetch(input, init);
  };
  const client = new Client(
    { name: 'bench-capture', version: '1.0.0' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: recordingFetch });
  const close = async () => {
    await client.close().catch(() => undefined);
  };
  try {
    await client.connect(transport);
    const result = await client.callTool({ name: 'echo', arguments: { message } }, { timeout: 5_000 });
    const text = JSON.stringify(result.content);
    if (!text.includes(message)) throw new Error(`echo answered ${text.slice(0, 200)}`);
  } catch (error) {
    await close();
    throw error;
  }
  if (call === undefined) {
    await close();
    throw new Error('no tools/call request was recorded');
  }
  return { ...call, sessionId: call.headers['mcp-session-id'], close };
}
