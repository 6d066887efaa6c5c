import type { HubTool } from '../build-catalog.ts';
import type { SchemaNode } from './json-schema-nodes.ts';
import { type ProjectSchemaOptions, projectToolSchema, type SchemaProjection } from './project-tool-schema.ts';

/** A tool for OpenAI chat completions (`tools` of `/v1/chat/completions`). */
export interface OpenAiChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: SchemaNode; strict: boolean };
}

/** A tool for the OpenAI Responses API (`tools` of `/v1/responses`): the same function, flattened. */
export interface OpenAiResponsesTool {
  type: 'function';
  name: string;
  description: string;
  parameters: SchemaNode;
  strict: boolean;
}

/** A client tool for the Anthropic Messages API (`tools` of `/v1/messages`). */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: SchemaNode;
}

/** Options for the function-definition adapters. */
export interface FunctionToolsOptions extends ProjectSchemaOptions {
  /**
   * OpenAI only: `true` asks for strict mode (structured outputs) where the schema allows it (tools it cannot be
   * applied to are sent with `strict: false`); `false` sends the schema unconstrained. @default false
   */
  strict?: boolean;
  /** Receives, per tool, what the projection changed (nothing is called for tools left as they were). */
  onProjection?: (tool: HubTool, projection: SchemaProjection) => void;
}

function describeTool(tool: HubTool): string {
  return tool.description ?? tool.definition.title ?? tool.name;
}

function project(tool: HubTool, target: Parameters<typeof projectToolSchema>[1], options: FunctionToolsOptions) {
  const projection = projectToolSchema(tool.inputSchema, target, options);
  if (projection.changes.length > 0) options.onProjection?.(tool, projection);
  return projection;
}

/**
 * Hub tools as OpenAI chat-completions function tools, named by exposed name (already `[A-Za-z0-9_-]{1,64}`).
 * Schemas are projected by {@link projectToolSchema} (`openai`, or `openai-strict` with `strict: true`); pass the
 * model's arguments through {@link fromModelArguments} before `hub.callTool`.
 */
export function toOpenAiChatTools(tools: readonly HubTool[], options: FunctionToolsOptions = {}): OpenAiChatTool[] {
  return tools.map((tool) => {
    const { schema, strict } = project(tool, options.strict === true ? 'openai-strict' : 'openai', options);
    return { type: 'function', function: { name: tool.name, description: describeTool(tool), parameters: schema, strict } };
  });
}

/** Hub tools as OpenAI Responses API function tools; same projection as {@link toOpenAiChatTools}. */
export function toOpenAiResponsesTools(tools: readonly HubTool[], options: FunctionToolsOptions = {}): OpenAiResponsesTool[] {
  return tools.map((tool) => {
    const { schema, strict } = project(tool, options.strict === true ? 'openai-strict' : 'openai', options);
    return { type: 'function', name: tool.name, description: describeTool(tool), parameters: schema, strict };
  });
}

/** Hub tools as Anthropic Messages API tools (`input_schema` projected by {@link projectToolSchema} `anthropic`). */
export function toAnthropicTools(tools: readonly HubTool[], options: Omit<FunctionToolsOptions, 'strict'> = {}): AnthropicTool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: describeTool(tool),
    input_schema: project(tool, 'anthropic', options).schema,
  }));
}
