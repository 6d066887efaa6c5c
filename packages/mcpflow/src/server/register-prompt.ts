import {
  completable,
  type GetPromptResult,
  type InputRequiredResult,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

/** A prompt: its description, its arguments (a zod object of strings), and suggestions for them. */
export interface PromptDefinition<TArguments extends z.ZodObject | undefined> {
  title?: string;
  description: string;
  /** The prompt's arguments; MCP passes them as strings. */
  arguments?: TArguments;
  /** Suggestions for arguments, by name, for `completion/complete`. */
  complete?: Record<string, (value: string, context?: { arguments?: Record<string, string> }) => string[] | Promise<string[]>>;
}

/** Renders a prompt: a full `GetPromptResult`, or a string that becomes one user message. */
export type PromptHandler<TArguments extends z.ZodObject | undefined> = (
  argumentsValue: TArguments extends z.ZodObject ? z.output<TArguments> : Record<string, never>,
  context: ServerContext,
) => PromptResult | Promise<PromptResult>;

/** A rendered prompt, its user text alone, or a request for input first (multi-round-trip). */
export type PromptResult = GetPromptResult | InputRequiredResult | string;

/**
 * @internal Prepares a prompt once and returns how to register it on each fresh SDK server. The SDK's `completable`
 * marks the schema itself, so wrapping the same fields again for every per-request server would throw.
 */
export function preparePrompt(
  name: string,
  definition: PromptDefinition<z.ZodObject | undefined>,
  render: PromptHandler<z.ZodObject | undefined>,
): (server: McpServer) => void {
  const argsSchema =
    definition.arguments === undefined ? undefined : withCompletions(definition.arguments, definition.complete ?? {});
  return (server) => registerPrompt(server, name, { ...definition, argsSchema }, render);
}

function registerPrompt(
  server: McpServer,
  name: string,
  definition: PromptDefinition<z.ZodObject | undefined> & { argsSchema: z.ZodObject | undefined },
  render: PromptHandler<z.ZodObject | undefined>,
): void {
  const config: { title?: string; description: string; argsSchema?: z.ZodObject } = { description: definition.description };
  if (definition.title !== undefined) config.title = definition.title;
  if (definition.argsSchema !== undefined) config.argsSchema = definition.argsSchema;
  const toResult = (value: PromptResult): GetPromptResult | InputRequiredResult =>
    typeof value === 'string' ? { messages: [{ role: 'user', content: { type: 'text', text: value } }] } : value;
  if (config.argsSchema === undefined) {
    const plain: { title?: string; description: string } = { description: config.description };
    if (config.title !== undefined) plain.title = config.title;
    server.registerPrompt(name, plain, (async (context: ServerContext) => toResult(await render({} as never, context))) as never);
  } else {
    server.registerPrompt(
      name,
      config as { description: string; argsSchema: z.ZodObject },
      async (values: unknown, context: ServerContext) => toResult(await render(values as never, context)),
    );
  }
}

function withCompletions(schema: z.ZodObject, complete: NonNullable<PromptDefinition<z.ZodObject>['complete']>): z.ZodObject {
  if (Object.keys(complete).length === 0) return schema;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const suggest = complete[key];
    // The SDK types the callback by the field's value type; MCP completion values are strings either way.
    shape[key] =
      suggest === undefined ? (field as z.ZodType) : (completable(field as z.ZodType, suggest as never) as unknown as z.ZodType);
  }
  return z.object(shape);
}
