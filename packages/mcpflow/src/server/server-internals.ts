import type { McpServer } from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { Workflow } from '../workflow/create-workflow.ts';
import type { TaskManager } from './tasks/task-manager.ts';

/** @internal What a worker needs from a server definition to run its queued workflow tasks. */
export interface ServerInternals {
  tasks: TaskManager;
  /** Which resources each SDK server instance (a session) subscribed to. */
  subscriptions: WeakMap<McpServer, Set<string>>;
  /** The workflow served as `tool`, with the round timeout its tool was given. */
  workflow(tool: string): { workflow: Workflow; timeoutMs: number | undefined } | undefined;
}

const registry = new WeakMap<object, ServerInternals>();

/** @internal Records the internals of a server built by `createMcpflowServer`. */
export function setServerInternals(server: object, internals: ServerInternals): void {
  registry.set(server, internals);
}

/** @internal The internals of a server built by `createMcpflowServer`; `CONFIG_INVALID` for anything else. */
export function serverInternals(server: object): ServerInternals {
  const internals = registry.get(server);
  if (internals === undefined) throw new McpflowError('CONFIG_INVALID', 'expected a server made by createMcpflowServer');
  return internals;
}
