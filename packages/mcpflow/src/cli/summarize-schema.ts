/** A JSON Schema as far as a one-line signature needs it. */
interface SchemaLike {
  type?: string | string[];
  enum?: unknown[];
  items?: SchemaLike;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  properties?: Record<string, SchemaLike>;
  required?: string[];
}

function typeOf(schema: SchemaLike | undefined): string {
  if (schema === undefined) return 'any';
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants !== undefined) return variants.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return schema.type ?? 'any';
}

/** `name(a: number, b?: string)`: a tool's or prompt's input schema as a signature people can read at a glance. */
export function summarizeSchema(name: string, schema: unknown): string {
  const { properties = {}, required = [] } = (schema ?? {}) as SchemaLike;
  const parameters = Object.entries(properties).map(
    ([key, value]) => `${key}${required.includes(key) ? '' : '?'}: ${typeOf(value)}`,
  );
  return `${name}(${parameters.join(', ')})`;
}
