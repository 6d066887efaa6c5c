import type { McpServer } from '@modelcontextprotocol/server';

/**
 * @internal Answers 2025-era `resources/subscribe` and `resources/unsubscribe` on one server instance (one session)
 * and records what it subscribed to, so that `notifyResourceUpdated` reaches only interested sessions. 2026-07-28
 * clients subscribe through `subscriptions/listen`, which the SDK serves itself.
 */
export function registerSubscriptions(server: McpServer, subscriptions: WeakMap<McpServer, Set<string>>): void {
  const uris = new Set<string>();
  subscriptions.set(server, uris);
  try {
    server.server.setRequestHandler('resources/subscribe', async (request) => {
      uris.add(request.params.uri);
      return {};
    });
    server.server.setRequestHandler('resources/unsubscribe', async (request) => {
      uris.delete(request.params.uri);
      return {};
    });
  } catch {
    // A modern-era instance has no such methods to answer; its clients use subscriptions/listen.
  }
}
