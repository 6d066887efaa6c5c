import { childNodes, isNode, type SchemaNode } from '../adapters/json-schema-nodes.ts';

/** Strict mode's invariants, checked on every node: closed objects listing every property as required. */
export function strictViolations(node: SchemaNode, path = '#'): string[] {
  const problems: string[] = [];
  if (isNode(node.properties)) {
    if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties is not false`);
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    for (const key of Object.keys(node.properties)) if (!required.has(key)) problems.push(`${path}: ${key} not required`);
  }
  for (const keyword of ['minLength', 'maxLength', 'oneOf', 'allOf', 'default', 'uniqueItems', '$schema']) {
    if (keyword in node) problems.push(`${path}: has ${keyword}`);
  }
  for (const child of childNodes(node)) problems.push(...strictViolations(child, `${path}/…`));
  return problems;
}
