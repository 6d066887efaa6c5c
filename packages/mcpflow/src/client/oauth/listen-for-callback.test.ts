import { afterEach, describe, expect, it } from 'vitest';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { type CallbackListener, findFreeLoopbackPort, listenForCallback } from './listen-for-callback.ts';

const listeners: CallbackListener[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) await listener.close();
});

async function listen(timeoutMs = 5000): Promise<{ listener: CallbackListener; base: string }> {
  const port = await findFreeLoopbackPort();
  const listener = await listenForCallback({ port, state: 'expected-state', timeoutMs, server: 'remote' });
  listeners.push(listener);
  return { listener, base: `http://127.0.0.1:${port}/callback` };
}

describe('the loopback redirect listener', () => {
  it('ignores a redirect with another state and resolves with the right one', async () => {
    const { listener, base } = await listen();
    expect((await fetch(`${base}?code=forged&state=other`)).status).toBe(400);
    const answer = await fetch(`${base}?code=abc&state=expected-state&iss=https%3A%2F%2Fas.example`);
    expect(answer.status).toBe(200);
    const query = await listener.callback;
    expect([query.get('code'), query.get('iss')]).toEqual(['abc', 'https://as.example']);
  });

  it('rejects with AUTH_FAILED on an error redirect, naming only the error code', async () => {
    const { listener, base } = await listen();
    await fetch(`${base}?error=access_denied&error_description=%3Cscript%3E&state=expected-state`);
    const error = await listener.callback.catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error, 'AUTH_FAILED')).toBe(true);
    expect((error as McpflowError).message).toContain('access_denied');
    expect((error as McpflowError).message).not.toContain('script');
  });

  it('gives up with AUTH_FAILED when the browser never comes back', async () => {
    const { listener } = await listen(50);
    const error = await listener.callback.catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error, 'AUTH_FAILED')).toBe(true);
  });

  it('listens on 127.0.0.1 only', async () => {
    const port = await findFreeLoopbackPort();
    listeners.push(await listenForCallback({ port, state: 's', timeoutMs: 5000, server: 'remote' }));
    // Another socket can still take the same port on a different loopback address: the listener did not take all interfaces.
    const { createServer } = await import('node:net');
    const other = createServer();
    await new Promise<void>((resolve, reject) => {
      other.once('error', reject);
      other.listen(port, '127.0.0.2', resolve);
    });
    await new Promise((resolve) => other.close(resolve));
  });
});
