import type { ServerResponse } from 'node:http';

/** @internal Answers an HTTP request with a JSON-RPC error body (id null: the request could not be read). */
export function writeJsonRpcError(response: ServerResponse, status: number, code: number, message: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
