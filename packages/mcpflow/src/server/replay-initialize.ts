import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';

const headers = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

/**
 * @internal Initializes a fresh session transport as the client once initialized it elsewhere: its `initialize`
 * request, then `notifications/initialized`, sent through the transport's web-standard core. The SDK offers no
 * public way to restore a session; the Node transport keeps that core in a private field, so this reaches it
 * (and says so clearly if a later SDK renames it).
 */
export async function replayInitialize(
  transport: NodeStreamableHTTPServerTransport,
  sessionId: string,
  initialize: unknown,
): Promise<void> {
  const core = Reflect.get(transport, '_webStandardTransport') as WebStandardStreamableHTTPServerTransport | undefined;
  if (core === undefined || typeof core.handleRequest !== 'function') {
    throw new McpflowError('INTERNAL', 'cannot take over a session: the SDK transport no longer exposes its core');
  }
  const url = 'http://localhost/mcp';
  const initialized = await core.handleRequest(new Request(url, { method: 'POST', headers, body: JSON.stringify(initialize) }));
  // The answer went to the client long ago; this copy is read to its end and dropped.
  await initialized.text();
  if (!initialized.ok) throw new McpflowError('INTERNAL', `cannot take over session ${sessionId}: HTTP ${initialized.status}`);
  const notification = { jsonrpc: '2.0', method: 'notifications/initialized' };
  const acknowledged = await core.handleRequest(
    new Request(url, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': sessionId },
      body: JSON.stringify(notification),
    }),
  );
  await acknowledged.text();
}
