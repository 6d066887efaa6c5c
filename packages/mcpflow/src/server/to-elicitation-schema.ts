import { McpflowError } from '../errors/mcpflow-error.ts';

/** The restricted JSON Schema of an MCP form elicitation: a flat object of primitive fields. */
export interface ElicitationSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  [key: string]: unknown;
}

const primitiveTypes = new Set(['string', 'number', 'integer', 'boolean']);

/**
 * Turns the JSON Schema of an input request's answer into an elicitation schema. MCP form elicitation only carries
 * flat objects of strings, numbers, booleans, enums and multi-select enum arrays, so anything else (nested objects,
 * tuples, `$ref`s) is refused with a clear error rather than sent and misread by the client.
 */
export function toElicitationSchema(schema: Record<string, unknown>, requestId: string): ElicitationSchema {
  const refuse = (why: string): never => {
    throw new McpflowError('INVALID_INPUT', `input request "${requestId}" cannot be asked through MCP elicitation: ${why}`, {
      data: { requestId },
    });
  };
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    refuse('its answer must be an object with named fields');
  }
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(schema.properties as Record<string, unknown>)) {
    const field = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const type = field.type;
    const isEnum = Array.isArray(field.enum) || Array.isArray(field.oneOf);
    const isMultiSelect = type === 'array' && typeof field.items === 'object' && field.items !== null;
    if (!(typeof type === 'string' && primitiveTypes.has(type)) && !isEnum && !isMultiSelect) {
      refuse(`field "${name}" is not a string, number, boolean or enum`);
    }
    properties[name] = field;
  }
  const result: ElicitationSchema = { type: 'object', properties };
  if (Array.isArray(schema.required) && schema.required.length > 0) result.required = schema.required as string[];
  return result;
}
