import { McpflowError } from '../../errors/mcpflow-error.ts';
import { acceptsNull, dereference, isNode, type SchemaNode } from './json-schema-nodes.ts';
import { fixRoot } from './project-tool-schema.ts';

function restore(root: SchemaNode, schema: unknown, value: unknown): unknown {
  if (!isNode(schema)) return value;
  const node = dereference(root, schema);
  if (Array.isArray(value)) return isNode(node.items) ? value.map((item) => restore(root, node.items, item)) : value;
  if (!isNode(value)) return value;
  if (!isNode(node.properties)) {
    // A union: restore along the first object branch that names every key the model sent.
    const branches = [node.anyOf, node.oneOf].flatMap((list) => (Array.isArray(list) ? list.filter(isNode) : []));
    const branch = branches.find((candidate) => {
      const target = dereference(root, candidate);
      return isNode(target.properties) && Object.keys(value).every((key) => key in (target.properties as object));
    });
    return branch === undefined ? value : restore(root, branch, value);
  }
  const properties = node.properties;
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const property = properties[key];
    // Strict mode made this optional property required and nullable; null is how the model says "left out".
    if (item === null && !required.has(key) && isNode(property) && !acceptsNull(root, property)) continue;
    result[key] = restore(root, property, item);
  }
  return result;
}

/**
 * Turns the arguments a model produced for a projected tool back into arguments for the server's original schema:
 * parses them when they are the JSON text providers return (`tool_calls[].function.arguments`), and drops the
 * `null`s that strict mode makes a model send for optional properties the server's schema does not allow to be
 * null (nested objects and array items included). Anything else is passed on unchanged for the hub to validate.
 * Throws `INVALID_ARGUMENTS` when the text is not a JSON object.
 */
export function fromModelArguments(
  inputSchema: unknown,
  modelArguments: string | Record<string, unknown>,
): Record<string, unknown> {
  let parsed: unknown = modelArguments;
  if (typeof modelArguments === 'string') {
    try {
      parsed = modelArguments.trim() === '' ? {} : JSON.parse(modelArguments);
    } catch (error) {
      throw new McpflowError('INVALID_ARGUMENTS', 'The model sent tool arguments that are not valid JSON', {
        cause: error,
        data: { arguments: modelArguments },
      });
    }
  }
  if (!isNode(parsed)) {
    throw new McpflowError('INVALID_ARGUMENTS', 'The model sent tool arguments that are not a JSON object', {
      data: { arguments: parsed },
    });
  }
  // The projections merge root combinators into one object; walk that same view so its properties are known.
  const root = fixRoot(inputSchema);
  return restore(root, root, parsed) as Record<string, unknown>;
}
