/** A JSON Schema node as a plain object (boolean schemas are handled by the callers). */
export type SchemaNode = Record<string, unknown>;

/** Keywords whose value is one subschema. */
const singleKeywords = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
/** Keywords whose value is a list of subschemas. */
const listKeywords = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const mapKeywords = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

/** True for a JSON object (not an array, not null): a schema node, or a value to walk. */
export function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every direct subschema of `node` that is an object, with its JSON pointer relative to `node` (`properties/a`). */
export function childEntries(node: SchemaNode): [string, SchemaNode][] {
  const children: [string, SchemaNode][] = [];
  const toPointerSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
  for (const keyword of singleKeywords) {
    const value = node[keyword];
    if (isNode(value)) children.push([keyword, value]);
    else if (keyword === 'items' && Array.isArray(value)) {
      for (const [index, item] of value.entries()) if (isNode(item)) children.push([`items/${index}`, item]);
    }
  }
  for (const keyword of listKeywords) {
    const value = node[keyword];
    if (!Array.isArray(value)) continue;
    for (const [index, item] of value.entries()) if (isNode(item)) children.push([`${keyword}/${index}`, item]);
  }
  for (const keyword of mapKeywords) {
    const value = node[keyword];
    if (!isNode(value)) continue;
    for (const [key, item] of Object.entries(value))
      if (isNode(item)) children.push([`${keyword}/${toPointerSegment(key)}`, item]);
  }
  return children;
}

/** Every direct subschema of `node` that is an object (draft-07 tuple `items` arrays included). */
export function childNodes(node: SchemaNode): SchemaNode[] {
  return childEntries(node).map(([, child]) => child);
}

/** Resolves a local reference (`#`, `#/$defs/x`, `#/definitions/x`, any JSON pointer) against `root`. */
export function resolveLocalRef(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isNode(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return isNode(current) ? current : undefined;
}

/** The node with its local `$ref` followed (once per step, cycles cut), as a validator would see it. */
export function dereference(root: SchemaNode, node: SchemaNode): SchemaNode {
  let current = node;
  const seen = new Set<SchemaNode>();
  while (typeof current.$ref === 'string' && !seen.has(current)) {
    seen.add(current);
    const target = resolveLocalRef(root, current.$ref);
    if (target === undefined) break;
    current = target;
  }
  return current;
}

/** True when the schema node admits `null` (type, enum, const or a branch of anyOf/oneOf). */
export function acceptsNull(root: SchemaNode, input: SchemaNode): boolean {
  const node = dereference(root, input);
  const { type } = node;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  if ('const' in node && node.const === null) return true;
  const branches = [node.anyOf, node.oneOf].flatMap((value) => (Array.isArray(value) ? value : []));
  return branches.some((branch) => branch === true || (isNode(branch) && acceptsNull(root, branch)));
}
