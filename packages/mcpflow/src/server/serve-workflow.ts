import type { Workflow } from '../workflow/create-workflow.ts';
import { createMcpflowServer, type McpflowServerOptions } from './create-mcpflow-server.ts';
import { type ServeHttpOptions, serveHttp } from './serve-http.ts';
import { serveStdio } from './serve-stdio.ts';
import type { WorkflowToolOptions } from './workflow-tool.ts';

/** Options for {@link serveWorkflow}. */
export interface ServeWorkflowOptions extends Partial<McpflowServerOptions> {
  /** `stdio` (what Claude Desktop launches) or `http`. @default 'stdio' */
  transport?: 'stdio' | 'http';
  /** HTTP settings (port, host, …) when `transport` is `http`. */
  http?: ServeHttpOptions;
  /** How the workflow is presented as a tool. */
  tool?: WorkflowToolOptions;
}

/** A running server: its URL when served over HTTP, and how to stop it. */
export interface ServerHandle {
  readonly url: URL | undefined;
  close(): Promise<void>;
}

/**
 * Serves one workflow as an MCP server in one call: a tool named after the workflow, with its start event as the
 * input and its stop event as the structured output.
 *
 * @example
 * ```ts
 * await serveWorkflow(researchWorkflow) // stdio, for Claude Desktop
 * await serveWorkflow(researchWorkflow, { transport: 'http', http: { port: 3920 } })
 * ```
 */
export async function serveWorkflow(workflow: Workflow, options: ServeWorkflowOptions = {}): Promise<ServerHandle> {
  const { transport = 'stdio', http, tool, ...serverOptions } = options;
  const server = createMcpflowServer({ ...serverOptions, name: serverOptions.name ?? workflow.name }).workflow(workflow, tool);
  if (transport === 'stdio') {
    const handle = serveStdio(server);
    return { url: undefined, close: () => handle.close() };
  }
  const handle = await serveHttp(server, http);
  return { url: handle.url, close: () => handle.close() };
}
