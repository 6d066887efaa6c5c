import {
  type CallToolResult,
  fromJsonSchema,
  type McpServer,
  type ServerContext,
  type StandardSchemaWithJSON,
} from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { toToolError } from './to-tool-error.ts';
import type { ToolConfig } from './tool-config.ts';

/**
 * A tool in the shape of an AI SDK v7 `tool()` (or a plain object like it): a description, an input schema (zod or
 * any Standard Schema, or the AI SDK's `jsonSchema()`), and `execute`. Typed structurally, so serving AI SDK tools
 * does not make `ai` a dependency.
 */
export interface ExistingTool {
  /** A string, or (AI SDK v7) a function that produces it; it is called once, with no context, when the tool is added. */
  description?: string | ((options: never) => unknown) | undefined;
  title?: string | undefined;
  inputSchema: unknown;
  outputSchema?: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: AI SDK tools type their own input and options; both are passed through.
  execute?: ((input: any, options: any) => unknown) | undefined;
}

/** @internal Checks an existing tool once, when added, and returns how to register it on each fresh SDK server. */
export function prepareExistingTool(name: string, tool: ExistingTool): (server: McpServer) => void {
  const execute = tool.execute;
  if (execute === undefined) {
    throw new McpflowError('CONFIG_INVALID', `tool "${name}" has no execute function, so a server cannot run it`, {
      data: { tool: name },
    });
  }
  const input = toStandardSchema(name, 'inputSchema', tool.inputSchema);
  const output = tool.outputSchema === undefined ? undefined : toStandardSchema(name, 'outputSchema', tool.outputSchema);
  const description =
    typeof tool.description === 'function' ? String((tool.description as (options: object) => unknown)({})) : tool.description;
  const config: ToolConfig = { description: description ?? name, inputSchema: input };
  if (tool.title !== undefined) config.title = tool.title;
  if (output !== undefined) config.outputSchema = output;
  return (server) =>
    server.registerTool(name, config, async (args: unknown, context: ServerContext) => {
      try {
        // AI SDK execution options: the call's id, no conversation (MCP carries none), and the request's signal.
        const options = { toolCallId: String(context.mcpReq.id), messages: [], abortSignal: context.mcpReq.signal, context: {} };
        return toResult(await lastValue(execute(args, options)), output !== undefined);
      } catch (error) {
        return toToolError(error);
      }
    });
}

function toStandardSchema(name: string, field: string, schema: unknown): StandardSchemaWithJSON {
  if (typeof schema === 'object' && schema !== null && '~standard' in schema) return schema as StandardSchemaWithJSON;
  const json = (schema as { jsonSchema?: unknown } | undefined)?.jsonSchema;
  if (typeof json === 'object' && json !== null && typeof (json as PromiseLike<unknown>).then !== 'function') {
    return fromJsonSchema(json as Parameters<typeof fromJsonSchema>[0]) as StandardSchemaWithJSON;
  }
  throw new McpflowError(
    'CONFIG_INVALID',
    `tool "${name}": ${field} must be a zod (Standard) schema or an AI SDK jsonSchema() with a JSON Schema object`,
    {
      data: { tool: name, field },
    },
  );
}

/** AI SDK tools may stream preliminary results as an async iterable; the last value is the result. */
async function lastValue(value: unknown): Promise<unknown> {
  const awaited = await value;
  if (typeof awaited !== 'object' || awaited === null || !(Symbol.asyncIterator in awaited)) return awaited;
  let last: unknown;
  for await (const item of awaited as AsyncIterable<unknown>) last = item;
  return last;
}

function toResult(value: unknown, structured: boolean): CallToolResult {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (structured) result.structuredContent = value as Record<string, unknown>;
  return result;
}
