import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** The redirect path of the loopback listener. */
export const callbackPath = '/callback';

/** A loopback listener waiting for one authorization redirect. */
export interface CallbackListener {
  /** Resolves with the redirect's query (`code`, `state`, `iss`) once it arrives with the expected `state`. */
  readonly callback: Promise<URLSearchParams>;
  close(): Promise<void>;
}

const page = (title: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><p>${title}. You can close this window.</p>\n`;

/** Asks the OS for a free port on 127.0.0.1 (the redirect URI must name it before the listener starts). */
export async function findFreeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Listens on `127.0.0.1:port` (never another interface: RFC 8252 §7.3) for the authorization server's redirect
 * to `/callback`. Redirects with another `state` are answered 400 and ignored, so a stray or forged request
 * cannot end the wait; an `error` redirect with the right state rejects with `AUTH_FAILED`. Rejects with
 * `AUTH_FAILED` when nothing arrives within `timeoutMs`. The listener closes itself once settled.
 */
export async function listenForCallback(options: {
  port: number;
  state: string;
  timeoutMs: number;
  server: string;
}): Promise<CallbackListener> {
  let resolveCallback: (query: URLSearchParams) => void = () => undefined;
  let rejectCallback: (error: McpflowError) => void = () => undefined;
  const callback = new Promise<URLSearchParams>((resolve, reject) => {
    resolveCallback = resolve;
    rejectCallback = reject;
  });
  callback.catch(() => undefined);
  const http: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== callbackPath || url.searchParams.get('state') !== options.state) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Unexpected authorization response'));
      return;
    }
    const error = url.searchParams.get('error');
    if (error !== null) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Authorization failed'));
      // Only the error code: the description comes from the redirect and may be attacker-controlled (RFC 9207 §4).
      rejectCallback(
        new McpflowError('AUTH_FAILED', `Server "${options.server}": the authorization server answered "${error}"`, {
          data: { server: options.server, error },
        }),
      );
    } else if (url.searchParams.get('code') === null) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Authorization response without a code'));
      return;
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Authorization complete'));
      resolveCallback(url.searchParams);
    }
    void close();
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) =>
      reject(
        new McpflowError(
          'AUTH_FAILED',
          `Server "${options.server}": cannot listen for the OAuth redirect on 127.0.0.1:${options.port}`,
          {
            cause: error,
            data: { server: options.server, port: options.port },
          },
        ),
      ),
    );
    http.listen(options.port, '127.0.0.1', resolve);
  });
  const timer = setTimeout(() => {
    rejectCallback(
      new McpflowError('AUTH_FAILED', `Server "${options.server}": no authorization arrived within ${options.timeoutMs} ms`, {
        data: { server: options.server, timeoutMs: options.timeoutMs },
      }),
    );
    void close();
  }, options.timeoutMs);
  timer.unref();
  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    clearTimeout(timer);
    // A no-op once settled; otherwise whoever waits learns that the wait is over.
    rejectCallback(new McpflowError('AUTH_FAILED', `Server "${options.server}": the authorization was abandoned`));
    closing ??= new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    return closing;
  }
  return { callback, close };
}
