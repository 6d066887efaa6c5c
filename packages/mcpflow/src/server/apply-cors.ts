import type { IncomingMessage, ServerResponse } from 'node:http';

/** Cross-origin access for browser-based MCP clients. */
export interface CorsOptions {
  /** Origins allowed to call, or `'*'` for any (then credentials are never allowed). */
  origins: string[] | '*';
  /** How long browsers may cache a preflight answer, in seconds. @default 600 */
  maxAgeSeconds?: number;
}

const allowedHeaders = [
  'authorization',
  'content-type',
  'accept',
  'last-event-id',
  'mcp-session-id',
  'mcp-protocol-version',
  'mcp-method',
  'mcp-name',
].join(', ');

/**
 * @internal Sets CORS headers for an allowed origin and answers preflight requests itself. Returns true when the
 * request was fully answered (a preflight). MCP's own headers are allowed in, and the session id and auth challenge
 * are exposed to scripts, or browser clients could not use sessions or auth.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, options: CorsOptions): boolean {
  const origin = request.headers.origin;
  const allowed = origin !== undefined && (options.origins === '*' || options.origins.includes(origin));
  if (allowed) {
    response.setHeader('access-control-allow-origin', options.origins === '*' ? '*' : origin);
    response.setHeader('vary', 'origin');
    response.setHeader('access-control-expose-headers', 'mcp-session-id, www-authenticate');
  }
  if (request.method !== 'OPTIONS') return false;
  if (allowed) {
    response.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    response.setHeader('access-control-allow-headers', allowedHeaders);
    response.setHeader('access-control-max-age', String(options.maxAgeSeconds ?? 600));
  }
  response.writeHead(allowed ? 204 : 403).end();
  return true;
}
