import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';

/** An event instance: a type name and plain, JSON-serialisable data. */
export interface WorkflowEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** A named event kind with a zod schema; creates validated events and recognises them. */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  /** The event's type name, unique within a workflow. */
  readonly type: TType;
  /** The payload schema. */
  readonly schema: TSchema;
  /** What the event means, for diagrams and MCP descriptions. */
  readonly description: string | undefined;
  /** Validates `data` and returns the event; throws `INVALID_EVENT` with the zod issues when it does not fit. */
  create(data: z.input<TSchema>): WorkflowEvent<TType, z.output<TSchema>>;
  /** True when `event` is an event of this definition (checks the type name, not the payload). */
  is(event: unknown): event is WorkflowEvent<TType, z.output<TSchema>>;
  /** The payload's JSON Schema (draft 2020-12); `io: 'input'` describes what `create` accepts. */
  toJSONSchema(io?: 'input' | 'output'): Record<string, unknown>;
}

/** Any event definition, whatever its name and schema. */
// biome-ignore lint/suspicious/noExplicitAny: the schema parameter must accept every zod type, invariant positions included.
export type AnyEventDefinition = EventDefinition<string, any>;

/** The event type a definition creates. */
export type EventOf<TDefinition> =
  TDefinition extends EventDefinition<infer TType, infer TSchema> ? WorkflowEvent<TType, z.output<TSchema>> : never;

/** The data type of a definition's events. */
export type DataOf<TDefinition> = TDefinition extends EventDefinition<string, infer TSchema> ? z.output<TSchema> : never;

/** Options for {@link defineEvent}. */
export interface DefineEventOptions {
  /** What the event means; shown in diagrams and MCP tool descriptions. */
  description?: string;
}

const reservedPrefix = 'mcpflow:';

/**
 * Defines an event kind. The schema must describe plain JSON data (no dates, maps, functions, bigints), so that
 * events can be streamed, snapshotted and sent over MCP; a schema that cannot be expressed as JSON Schema is
 * rejected here, when the event is defined.
 *
 * @example
 * ```ts
 * const Topic = defineEvent('topic', z.object({ topic: z.string() }))
 * const event = Topic.create({ topic: 'MCP' }) // { type: 'topic', data: { topic: 'MCP' } }
 * ```
 */
export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  schema: TSchema,
  options: DefineEventOptions = {},
): EventDefinition<TType, TSchema> {
  if (type.startsWith(reservedPrefix)) {
    throw new McpflowError('INVALID_EVENT', `event type "${type}": the "${reservedPrefix}" prefix is reserved for mcpflow`);
  }
  return createEventDefinition(type, schema, options);
}

/** @internal Like {@link defineEvent} without the reserved-prefix check, for mcpflow's own events. */
export function createEventDefinition<TType extends string, TSchema extends z.ZodType>(
  type: TType,
  schema: TSchema,
  options: DefineEventOptions,
): EventDefinition<TType, TSchema> {
  if (type.length === 0) throw new McpflowError('INVALID_EVENT', 'an event type must be a non-empty string');
  const jsonSchemas = { input: toJSONSchemaOrThrow(type, schema, 'input'), output: toJSONSchemaOrThrow(type, schema, 'output') };
  return {
    type,
    schema,
    description: options.description,
    create(data) {
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        throw new McpflowError('INVALID_EVENT', `invalid "${type}" event: ${z.prettifyError(parsed.error)}`, {
          cause: parsed.error,
          data: { type, issues: parsed.error.issues },
        });
      }
      return { type, data: parsed.data };
    },
    is(event: unknown): event is WorkflowEvent<TType, z.output<TSchema>> {
      return typeof event === 'object' && event !== null && (event as WorkflowEvent).type === type;
    },
    toJSONSchema(io = 'input') {
      return structuredClone(jsonSchemas[io]);
    },
  };
}

function toJSONSchemaOrThrow(type: string, schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'throw' }) as Record<string, unknown>;
  } catch (error) {
    throw new McpflowError('INVALID_EVENT', `event type "${type}": its schema is not plain JSON data (${String(error)})`, {
      cause: error,
    });
  }
}
