import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { strictViolations } from '../test-support/strict-violations.ts';
import { fromModelArguments } from './from-model-arguments.ts';
import type { SchemaNode } from './json-schema-nodes.ts';
import { projectToolSchema } from './project-tool-schema.ts';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const accepts = (schema: SchemaNode, value: unknown) => ajv.validate(schema, value);

// A schema with what real servers send and providers trip over: $defs and $ref, nested objects, optional fields,
// an enum, a length limit, oneOf and a default.
const order: SchemaNode = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      type: 'object',
      properties: { street: { type: 'string', minLength: 1 }, zip: { type: 'string' } },
      required: ['street'],
    },
  },
  properties: {
    shipTo: { $ref: '#/$defs/address' },
    billTo: { $ref: '#/$defs/address' },
    priority: { type: 'string', enum: ['low', 'high'], default: 'low' },
    quantity: {
      oneOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: '^[0-9]+$' },
      ],
    },
    note: { type: ['string', 'null'] },
  },
  required: ['shipTo', 'quantity'],
};

describe('projectToolSchema', () => {
  it('keeps a plain schema unchanged for OpenAI and Anthropic, $ref and all', () => {
    for (const target of ['openai', 'anthropic'] as const) {
      const projection = projectToolSchema(order, target);
      expect(projection).toEqual({ schema: order, strict: false, changes: [] });
      expect(projection.schema).not.toBe(order);
    }
  });

  it('makes a strict OpenAI schema that accepts what the original accepts, once nulls stand for omissions', () => {
    const before = structuredClone(order);
    const { schema, strict, changes } = projectToolSchema(order, 'openai-strict');
    expect(order).toEqual(before);
    expect(strict).toBe(true);
    expect(strictViolations(schema)).toEqual([]);
    expect(changes).toContain('oneOf at #/properties/quantity became anyOf');
    expect(schema.properties).toMatchObject({ priority: { type: ['string', 'null'], enum: ['low', 'high', null] } });
    expect((schema.properties as SchemaNode).priority).toMatchObject({ description: '(default: "low")' });
    expect(schema.$defs).toMatchObject({ address: { properties: { street: { description: '(minLength: 1)' } } } });

    const modelArguments = { shipTo: { street: 'Main St 1', zip: null }, billTo: null, priority: null, quantity: 3, note: null };
    expect(accepts(schema, modelArguments)).toBe(true);
    const restored = fromModelArguments(order, JSON.stringify(modelArguments));
    // note accepts null in the original, so its null is kept; the others were omissions.
    expect(restored).toEqual({ shipTo: { street: 'Main St 1' }, quantity: 3, note: null });
    expect(accepts(order, restored)).toBe(true);
  });

  it('falls back to non-strict for schemas strict mode cannot express', () => {
    const map = { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } };
    const projection = projectToolSchema(map, 'openai-strict');
    expect(projection).toEqual({ schema: map, strict: false, changes: ['not strict: open map at #/properties/labels'] });
    expect(
      projectToolSchema({ type: 'object', properties: { at: { prefixItems: [{ type: 'number' }] } } }, 'openai-strict').strict,
    ).toBe(false);
  });

  it('falls back to non-strict beyond OpenAI’s strict-mode limits', () => {
    let deep: Record<string, unknown> = { type: 'object', properties: { leaf: { type: 'string' } }, required: ['leaf'] };
    for (let level = 0; level < 10; level += 1) deep = { type: 'object', properties: { next: deep }, required: ['next'] };
    expect(projectToolSchema(deep, 'openai-strict').changes.at(-1)).toBe('not strict: objects nested deeper than 10 levels');
    const wide = {
      type: 'object',
      properties: { pick: { type: 'string', enum: Array.from({ length: 1001 }, (_, i) => `v${i}`) } },
    };
    expect(projectToolSchema(wide, 'openai-strict').strict).toBe(false);
  });

  it('rewrites roots providers reject: empty, untyped, and anyOf of objects', () => {
    expect(projectToolSchema(undefined, 'anthropic').schema).toEqual({ type: 'object', properties: {} });
    expect(projectToolSchema({ properties: { a: { type: 'string' } } }, 'openai').schema).toEqual({
      type: 'object',
      properties: { a: { type: 'string' } },
    });
    const either = {
      type: 'object',
      anyOf: [
        { type: 'object', properties: { id: { type: 'string' }, verbose: { type: 'boolean' } }, required: ['id', 'verbose'] },
        { type: 'object', properties: { name: { type: 'string' }, verbose: { type: 'boolean' } }, required: ['name', 'verbose'] },
      ],
    };
    const { schema, changes } = projectToolSchema(either, 'anthropic');
    expect(schema).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, verbose: { type: 'boolean' }, name: { type: 'string' } },
      required: ['verbose'],
      description: 'Accepts one of these argument sets: {id, verbose} | {name, verbose}.',
    });
    expect(changes).toEqual(['merged root anyOf of 2 object schemas into one object']);
  });

  it('inlines local references on request, keeping recursive ones', () => {
    const tree = {
      type: 'object',
      $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
      properties: { root: { $ref: '#/$defs/node' } },
    };
    const { schema, changes } = projectToolSchema(tree, 'openai', { inlineRefs: true });
    expect(schema.properties).toEqual({
      root: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } },
    });
    expect(changes).toEqual(['inlined $ref #/$defs/node', 'kept recursive $ref #/$defs/node']);
    expect(accepts(schema, { root: { children: [{ children: [] }] } })).toBe(true);
  });
});

describe('fromModelArguments', () => {
  it('drops strict-mode nulls under a merged root anyOf and inside union branches', () => {
    const either = {
      anyOf: [
        { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      ],
    };
    const { schema, strict } = projectToolSchema(either, 'openai-strict');
    expect(strict).toBe(true);
    expect(accepts(schema, { id: 'a', name: null })).toBe(true);
    expect(fromModelArguments(either, { id: 'a', name: null })).toEqual({ id: 'a' });
    expect(accepts(either, { id: 'a' })).toBe(true);

    const nested = {
      type: 'object',
      properties: {
        target: {
          anyOf: [{ type: 'object', properties: { path: { type: 'string' }, depth: { type: 'integer' } }, required: ['path'] }],
        },
      },
      required: ['target'],
    };
    expect(fromModelArguments(nested, { target: { path: '/x', depth: null } })).toEqual({ target: { path: '/x' } });
  });

  it('refuses text that is not a JSON object, with a typed error', () => {
    for (const text of ['{oops', '[1]']) {
      expect(() => fromModelArguments({ type: 'object' }, text)).toThrow(McpflowError);
    }
    expect(fromModelArguments({ type: 'object' }, '')).toEqual({});
  });
});
