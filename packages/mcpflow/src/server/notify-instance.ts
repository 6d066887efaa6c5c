import type { McpServer } from '@modelcontextprotocol/server';
import type { ServerChange } from './create-mcpflow-server.ts';

/** @internal Sends one change to one connected SDK server (a session or a stdio connection). */
export function notifyInstance(instance: McpServer, change: ServerChange): void {
  try {
    send(instance, change);
  } catch {
    // A connection that is closing cannot be told; its client lists again when it reconnects.
  }
}

function send(instance: McpServer, change: ServerChange): void {
  const sent =
    change.kind === 'resource'
      ? change.subscriptions.get(instance)?.has(change.uri) === true
        ? instance.server.sendResourceUpdated({ uri: change.uri })
        : undefined
      : change.list === 'tools'
        ? instance.sendToolListChanged()
        : change.list === 'prompts'
          ? instance.sendPromptListChanged()
          : instance.sendResourceListChanged();
  Promise.resolve(sent).catch(() => undefined);
}
