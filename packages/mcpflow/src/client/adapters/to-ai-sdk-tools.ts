import type { CallToolResult, Progress } from '@modelcontextprotocol/client';
import { dynamicTool, type JSONSchema7, jsonSchema, type Tool, type ToolSet } from 'ai';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { HubTool } from '../build-catalog.ts';
import type { McpHub } from '../mcp-hub.ts';
import { fromModelArguments } from './from-model-arguments.ts';
import { projectToolSchema } from './project-tool-schema.ts';
import type { MediaHandling } from './to-model-content.ts';
import { toToolResultOutput } from './to-tool-result-output.ts';

/** Options for {@link toAiSdkTools}. */
export interface AiSdkToolsOptions {
  /**
   * Which tools to convert: exposed names or `HubTool`s (e.g. `(await hub.searchTools(task)).map((hit) => hit.tool)`).
   * An unknown name rejects with `NOT_FOUND`. @default every tool the hub lists
   */
  tools?: readonly (string | HubTool)[];
  /** `file` hands images, audio and blobs to the model as files; `text` replaces them with a placeholder. @default 'file' */
  media?: MediaHandling;
  /** Per-call timeout; progress notifications restart it. @default the server's request timeout */
  timeoutMs?: number;
  /** Receives the servers' progress notifications, with the exposed tool name. */
  onProgress?: (tool: string, progress: Progress) => void;
  /**
   * Asks providers with a strict mode (OpenAI structured outputs) to constrain the model's arguments: each schema
   * is projected by `projectToolSchema(schema, 'openai-strict')` and the tool marked `strict` where that is possible
   * (the others keep their schema as it is, non-strict), and the nulls strict mode makes a model send for omitted
   * options are dropped before the call. @default false: schemas go to the provider unchanged
   */
  strict?: boolean;
}

function toAiSdkTool(hub: McpHub, tool: HubTool, options: AiSdkToolsOptions): Tool {
  const media = options.media ?? 'file';
  const projection = options.strict === true ? projectToolSchema(tool.inputSchema, 'openai-strict') : undefined;
  const strict = projection?.strict === true;
  return dynamicTool({
    description: tool.description ?? tool.definition.title ?? tool.name,
    // By default the server's schema as it is ($ref, $defs, anyOf, additionalProperties and all): the hub validates
    // arguments against it before sending, so the AI SDK needs no validator of its own.
    inputSchema: jsonSchema((strict ? projection.schema : tool.inputSchema) as JSONSchema7),
    ...(projection === undefined ? {} : { strict }),
    metadata: { server: tool.server, serverToolName: tool.serverToolName },
    // Rejects (the AI SDK reports a tool error to the model) on isError, invalid arguments, timeout or cancellation.
    execute: async (input, { abortSignal }) => {
      const onProgress = options.onProgress;
      const args = (input ?? {}) as Record<string, unknown>;
      try {
        return await hub.callTool(tool.name, strict ? fromModelArguments(tool.inputSchema, args) : args, {
          ...(abortSignal === undefined ? {} : { signal: abortSignal }),
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          ...(onProgress === undefined ? {} : { onProgress: (progress: Progress) => onProgress(tool.name, progress) }),
        });
      } catch (error) {
        throw toModelFacingError(error, media);
      }
    },
    toModelOutput: ({ output }) => toToolResultOutput(output as CallToolResult, media),
  });
}

/**
 * The AI SDK gives the model a thrown error's message. The hub's `TOOL_ERROR` names only the result's first text,
 * so the message becomes the whole result as the shared conversion (and so the agent) puts it.
 */
function toModelFacingError(error: unknown, media: MediaHandling): unknown {
  const result = McpflowError.isInstance(error, 'TOOL_ERROR') ? (error.data?.result as CallToolResult | undefined) : undefined;
  const output = result === undefined ? undefined : toToolResultOutput(result, media);
  if (output?.type !== 'error-text' || !McpflowError.isInstance(error)) return error;
  return new McpflowError('TOOL_ERROR', output.value, {
    cause: error,
    ...(error.data === undefined ? {} : { data: error.data }),
  });
}

/**
 * The hub's tools as an AI SDK v7 tool set, keyed by exposed name, for `generateText`/`streamText`/agents. Each is
 * a `dynamicTool` whose input schema is the server's JSON Schema unchanged (unless `strict`), whose `execute` calls
 * the hub with the AI SDK's `abortSignal` (so aborting a generation cancels the MCP request) and returns the whole
 * `CallToolResult`, and whose `toModelOutput` hands the model every content block: a text-only result as one text,
 * a result that is its `structuredContent` as JSON, and results with images or audio as content parts with files
 * (see `toModelContent`); `mcpflow/agent` hands hub results over the same way. A tool result with `isError` rejects
 * with `TOOL_ERROR` whose message is the whole result as text, so the model sees a tool error, never a success. The
 * set is a snapshot of the catalog: build it again after the servers' tool lists change.
 *
 * @example
 * ```ts
 * import { toAiSdkTools } from 'mcpflow/client/ai';
 * const { text } = await generateText({ model, tools: await toAiSdkTools(hub), stopWhen: stepCountIs(5), prompt });
 * ```
 */
export async function toAiSdkTools(hub: McpHub, options: AiSdkToolsOptions = {}): Promise<ToolSet> {
  const listed = await hub.listTools();
  const byName = new Map(listed.map((tool) => [tool.name, tool]));
  const wanted = (options.tools ?? listed).map((entry) => (typeof entry === 'string' ? (byName.get(entry) ?? entry) : entry));
  const unknown = wanted.filter((entry) => typeof entry === 'string');
  if (unknown.length > 0) {
    throw new McpflowError('NOT_FOUND', `No tool named ${unknown.map((name) => `"${name}"`).join(', ')}`, {
      data: { kind: 'tool', names: unknown },
    });
  }
  const tools: ToolSet = {};
  for (const entry of wanted as HubTool[]) tools[entry.name] = toAiSdkTool(hub, entry, options);
  return tools;
}
