import type { CallToolResult } from '@modelcontextprotocol/client';
import { jsonSchema, type LanguageModel } from 'ai';
import type { MediaHandling } from '../client/adapters/to-model-content.ts';
import { toToolResultOutput } from '../client/adapters/to-tool-result-output.ts';
import type { HubTool } from '../client/build-catalog.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { AgentTool, AgentToolOutcome, AgentToolRunContext } from './agent-tool.ts';
import type { HubRequestRouter } from './hub-request-router.ts';

/** @internal How hub tools are run by an agent. */
export interface HubToolOptions {
  media: MediaHandling;
  router: HubRequestRouter | undefined;
  /** The agent's model, which answers the server's sampling requests during the call. */
  model: LanguageModel;
}

/**
 * @internal A hub tool as an agent tool: the server's JSON Schema as is, calls through the hub (validation, progress,
 * cancellation by signal), `isError` results and failures handed to the model as errors. Results reach the model by
 * the same conversion as `toAiSdkTools` (`toToolResultOutput`); the agent keeps its own tool shape for approval
 * hints, sampling routing and progress events.
 */
export function toAgentToolFromHub(hub: McpHub, tool: HubTool, options: HubToolOptions): AgentTool {
  const annotations = tool.definition.annotations ?? {};
  return {
    name: tool.name,
    description: tool.description ?? tool.definition.title,
    inputSchema: jsonSchema(tool.inputSchema as Parameters<typeof jsonSchema>[0]),
    hints: {
      readOnlyHint: annotations.readOnlyHint,
      destructiveHint: annotations.destructiveHint,
      idempotentHint: annotations.idempotentHint,
      openWorldHint: annotations.openWorldHint,
    },
    server: tool.server,
    execute: (input, context) => callHubTool(hub, tool.name, tool.server, input, context, options),
  };
}

/** @internal Calls a hub tool by exposed name and turns the outcome into what the model sees. */
export async function callHubTool(
  hub: McpHub,
  name: string,
  server: string,
  input: unknown,
  context: AgentToolRunContext,
  options: HubToolOptions,
): Promise<AgentToolOutcome> {
  const leave = options.router?.enter(server, context, options.model);
  try {
    const args = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const result = await hub.callTool(name, args, { signal: context.signal, onProgress: context.onProgress });
    return { output: toToolResultOutput(result, options.media), isError: false };
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (McpflowError.isInstance(error, 'TOOL_ERROR')) {
      const result = error.data?.result as CallToolResult | undefined;
      if (result !== undefined) return { output: toToolResultOutput(result, options.media), isError: true };
    }
    // Bad arguments, unknown tools, timeouts and lost servers are the model's to handle (retry, or tell the user).
    const message = error instanceof Error ? error.message : String(error);
    return { output: { type: 'error-text', value: message }, isError: true };
  } finally {
    leave?.();
  }
}
