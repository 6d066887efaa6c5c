import {
  acceptsNull,
  childEntries,
  childNodes,
  dereference,
  isNode,
  resolveLocalRef,
  type SchemaNode,
} from './json-schema-nodes.ts';

/**
 * Which provider's rules a tool's input schema is projected to:
 * - `openai` (chat completions and responses, `strict: false`) and `anthropic`: the root must be a plain
 *   `type: "object"` schema. A missing or empty root becomes `{ type: 'object', properties: {} }`; `type: 'object'`
 *   is added when only `properties` are given; a root `allOf` of object schemas is merged into the root; a root
 *   `anyOf`/`oneOf` of object schemas becomes one object with every branch's properties, required only where every
 *   branch requires them (the branches are named in the description); a root `not`, `if`/`then`/`else` or `enum`
 *   is removed. Everything else is kept as sent: `$ref`/`$defs`/`definitions`, nested combinators, formats and
 *   constraints.
 * - `openai-strict` (structured outputs, `strict: true`): the above, then every object gets
 *   `additionalProperties: false` and lists every property in `required`, optional ones made nullable (`type`
 *   gains `"null"`, or `anyOf` gains `{ type: 'null' }`: use {@link fromModelArguments} to drop the nulls the model
 *   then sends); `oneOf` becomes `anyOf`; keywords strict mode rejects are removed and written into the node's
 *   description so the model still reads them (`minLength`, `maxLength`, `minProperties`, `maxProperties`,
 *   `uniqueItems`, `contains`, `minContains`, `maxContains`, `propertyNames`, `unevaluatedProperties`,
 *   `unevaluatedItems`, `dependentRequired`, `dependentSchemas`, `not`, `if`, `then`, `else`, `default`, `examples`,
 *   `format` other than date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid, and the annotations
 *   `$schema`, `$id`, `$comment`, `readOnly`, `writeOnly`, `deprecated`, `contentEncoding`, `contentMediaType`).
 *   Schemas strict mode cannot express — open maps (`additionalProperties` true or a schema, `patternProperties`,
 *   an object without `properties`), tuples (`prefixItems`, `items` arrays), a nested `allOf`, a non-local `$ref`,
 *   or beyond OpenAI's limits (5,000 properties, 10 levels of object nesting, 1,000 enum values) — are projected as
 *   for `openai` instead, with `strict: false`.
 *
 * The hub still validates every call against the server's original schema, so a looser projection never lets
 * invalid arguments through; it only changes what the model is told.
 */
export type SchemaTarget = 'openai' | 'openai-strict' | 'anthropic';

/** A projected schema, whether it is strict, and every change made, in words (empty when nothing changed). */
export interface SchemaProjection {
  schema: SchemaNode;
  strict: boolean;
  changes: string[];
}

/** Options for {@link projectToolSchema}. */
export interface ProjectSchemaOptions {
  /**
   * Replace local `$ref`s by copies of their targets, for providers and gateways without `$ref` support (OpenAI and
   * Anthropic both resolve local references, so this is off by default). Recursive references stay references.
   * @default false
   */
  inlineRefs?: boolean;
}

const strictFormats = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
const strictUnsupported = [
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentRequired',
  'dependentSchemas',
  'not',
  'if',
  'then',
  'else',
  'default',
  'examples',
];
const strictDropped = [
  '$schema',
  '$id',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  'contentEncoding',
  'contentMediaType',
];

class NotStrict extends Error {}

function inline(root: SchemaNode, node: unknown, trail: readonly SchemaNode[], changes: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(root, item, trail, changes));
  if (!isNode(node)) return node;
  if (typeof node.$ref === 'string') {
    const target = resolveLocalRef(root, node.$ref);
    if (target !== undefined && !trail.includes(target)) {
      changes.add(`inlined $ref ${node.$ref}`);
      const { $ref: _ref, ...siblings } = node;
      return inline(root, { ...target, ...siblings }, [...trail, target], changes);
    }
    if (target !== undefined) changes.add(`kept recursive $ref ${node.$ref}`);
  }
  const copy: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) copy[key] = inline(root, value, trail, changes);
  return copy;
}

function branchesAreObjects(root: SchemaNode, branches: unknown[]): branches is SchemaNode[] {
  return branches.every((branch) => {
    if (!isNode(branch)) return false;
    const target = dereference(root, branch);
    return target.type === 'object' || isNode(target.properties);
  });
}

function mergeObjectBranches(root: SchemaNode, node: SchemaNode, keyword: 'allOf' | 'anyOf' | 'oneOf', changes: string[]) {
  const branches = (node[keyword] as SchemaNode[]).map((branch) => dereference(root, branch));
  const properties: SchemaNode = { ...(isNode(node.properties) ? node.properties : {}) };
  const requiredSets = branches.map((branch) => new Set(Array.isArray(branch.required) ? (branch.required as string[]) : []));
  for (const branch of branches) {
    for (const [key, value] of Object.entries(isNode(branch.properties) ? branch.properties : {})) {
      const known = properties[key];
      properties[key] =
        known === undefined || JSON.stringify(known) === JSON.stringify(value) ? value : { anyOf: [known, value] };
    }
  }
  const own = Array.isArray(node.required) ? (node.required as string[]) : [];
  const fromBranches =
    keyword === 'allOf'
      ? requiredSets.flatMap((set) => [...set])
      : [...(requiredSets[0] ?? [])].filter((key) => requiredSets.every((set) => set.has(key)));
  delete node[keyword];
  node.properties = properties;
  const required = [...new Set([...own, ...fromBranches])];
  if (required.length > 0) node.required = required;
  else delete node.required;
  if (keyword !== 'allOf') {
    const shapes = branches.map((branch) => `{${Object.keys(isNode(branch.properties) ? branch.properties : {}).join(', ')}}`);
    const note = `Accepts one of these argument sets: ${shapes.join(' | ')}.`;
    node.description = typeof node.description === 'string' ? `${node.description}\n${note}` : note;
  }
  changes.push(`merged root ${keyword} of ${branches.length} object schemas into one object`);
}

/** @internal The root as every projection sees it (object-typed, root combinators merged); `changes` lists how. */
export function fixRoot(input: unknown, changes: string[] = []): SchemaNode {
  if (!isNode(input) || Object.keys(input).length === 0) {
    changes.push('replaced an empty or missing root schema by an object without properties');
    return { type: 'object', properties: {} };
  }
  const root: SchemaNode = { ...input };
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = root[keyword];
    if (!Array.isArray(branches)) continue;
    if (branchesAreObjects(root, branches)) mergeObjectBranches(root, root, keyword, changes);
    else {
      delete root[keyword];
      changes.push(`removed root ${keyword} (its branches are not all objects)`);
    }
  }
  for (const keyword of ['not', 'if', 'then', 'else', 'enum']) {
    if (keyword in root) {
      delete root[keyword];
      changes.push(`removed root ${keyword}`);
    }
  }
  if (root.type !== 'object') {
    changes.push(
      root.type === undefined ? 'added type: object at the root' : `replaced root type ${JSON.stringify(root.type)} by object`,
    );
    root.type = 'object';
  }
  if (!isNode(root.properties)) root.properties = {};
  return root;
}

function nullable(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (acceptsNull(root, node)) return node;
  const { type } = node;
  if (typeof type === 'string' && !('const' in node)) {
    const copy: SchemaNode = { ...node, type: [type, 'null'] };
    if (Array.isArray(node.enum)) copy.enum = [...node.enum, null];
    return copy;
  }
  if (Array.isArray(type) && !('const' in node) && !Array.isArray(node.enum)) return { ...node, type: [...type, 'null'] };
  if (Array.isArray(node.anyOf) && typeof node.$ref !== 'string') return { ...node, anyOf: [...node.anyOf, { type: 'null' }] };
  return { anyOf: [node, { type: 'null' }] };
}

function describe(node: SchemaNode, removed: string[]) {
  if (removed.length === 0) return;
  const note = removed.join(', ');
  node.description = typeof node.description === 'string' ? `${node.description} (${note})` : `(${note})`;
}

function toStrict(root: SchemaNode, node: SchemaNode, path: string, changes: string[]): void {
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) throw new NotStrict(`non-local $ref at ${path}`);
  if ('prefixItems' in node || Array.isArray(node.items)) throw new NotStrict(`tuple at ${path}`);
  if ('allOf' in node) throw new NotStrict(`allOf at ${path}`);
  if ('patternProperties' in node) throw new NotStrict(`patternProperties at ${path}`);
  const removed: string[] = [];
  for (const keyword of strictUnsupported) {
    if (!(keyword in node)) continue;
    removed.push(`${keyword}: ${JSON.stringify(node[keyword])}`);
    delete node[keyword];
  }
  if (typeof node.format === 'string' && !strictFormats.has(node.format)) {
    removed.push(`format: ${node.format}`);
    delete node.format;
  }
  for (const keyword of strictDropped) delete node[keyword];
  describe(node, removed);
  if (removed.length > 0)
    changes.push(`moved ${removed.map((entry) => entry.split(':')[0]).join(', ')} at ${path} into the description`);
  if (Array.isArray(node.oneOf)) {
    node.anyOf = [...(Array.isArray(node.anyOf) ? node.anyOf : []), ...node.oneOf];
    delete node.oneOf;
    changes.push(`oneOf at ${path} became anyOf`);
  }
  const isObject =
    node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object')) || isNode(node.properties);
  if (isObject) {
    if (node.additionalProperties !== undefined && node.additionalProperties !== false)
      throw new NotStrict(`open map at ${path}`);
    if (!isNode(node.properties)) throw new NotStrict(`object without properties at ${path}`);
    node.additionalProperties = false;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const properties = node.properties;
    const optional = Object.keys(properties).filter((key) => !required.has(key));
    for (const key of optional) if (isNode(properties[key])) properties[key] = nullable(root, properties[key]);
    node.required = Object.keys(properties);
    if (optional.length > 0) changes.push(`made ${optional.join(', ')} at ${path} required and nullable`);
  }
  // A property wrapped by nullable() is reached through its anyOf; every node is visited once.
  for (const [pointer, child] of childEntries(node)) toStrict(root, child, `${path}/${pointer}`, changes);
}

// OpenAI's published limits for strict schemas: 5,000 object properties in all, 10 levels of object nesting,
// 1,000 enum values in all.
const strictLimits = { properties: 5000, depth: 10, enumValues: 1000 };

function checkStrictLimits(root: SchemaNode): void {
  let properties = 0;
  let enumValues = 0;
  const visit = (node: SchemaNode, depth: number) => {
    const isObject = isNode(node.properties);
    if (isObject) {
      properties += Object.keys(node.properties as object).length;
      if (depth > strictLimits.depth) throw new NotStrict(`objects nested deeper than ${strictLimits.depth} levels`);
    }
    if (Array.isArray(node.enum)) enumValues += node.enum.length;
    for (const child of childNodes(node)) visit(child, isObject ? depth + 1 : depth);
  };
  visit(root, 1);
  if (properties > strictLimits.properties) throw new NotStrict(`more than ${strictLimits.properties} properties`);
  if (enumValues > strictLimits.enumValues) throw new NotStrict(`more than ${strictLimits.enumValues} enum values`);
}

/**
 * Projects a tool's input schema onto what a provider accepts (see {@link SchemaTarget} for the exact rules),
 * never modifying the input. `openai-strict` falls back to the `openai` projection with `strict: false` when the
 * schema cannot be made strict without changing what it accepts beyond nullability.
 */
export function projectToolSchema(schema: unknown, target: SchemaTarget, options: ProjectSchemaOptions = {}): SchemaProjection {
  const changes: string[] = [];
  let root = fixRoot(structuredClone(schema), changes);
  if (options.inlineRefs === true) {
    const inlined = new Set<string>();
    root = inline(root, root, [], inlined) as SchemaNode;
    changes.push(...inlined);
  }
  if (target !== 'openai-strict') return { schema: root, strict: false, changes };
  const strictRoot = structuredClone(root);
  const strictChanges = [...changes];
  try {
    toStrict(strictRoot, strictRoot, '#', strictChanges);
    checkStrictLimits(strictRoot);
    return { schema: strictRoot, strict: true, changes: strictChanges };
  } catch (error) {
    if (!(error instanceof NotStrict)) throw error;
    return { schema: root, strict: false, changes: [...changes, `not strict: ${error.message}`] };
  }
}
