import { describe, expect, it } from 'vitest';
import { createArgumentValidator } from './create-argument-validator.ts';

const validator = createArgumentValidator();

describe('createArgumentValidator', () => {
  it('validates draft-07 schemas with definitions and $ref', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      properties: { at: { $ref: '#/definitions/point' } },
      required: ['at'],
    };
    expect(validator.validate(schema, { at: { x: 1 } })).toEqual([]);
    expect(validator.validate(schema, { at: {} })).toEqual([{ path: '/at', message: 'must have property "x"' }]);
  });

  it('validates 2020-12 schemas (the default) with $defs, anyOf, oneOf and additionalProperties', () => {
    const schema = {
      type: 'object',
      $defs: { tag: { type: 'string', minLength: 1 } },
      properties: {
        tags: { type: 'array', items: { $ref: '#/$defs/tag' } },
        id: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'integer' }] },
        shape: { oneOf: [{ const: 'circle' }, { const: 'square' }] },
        when: { type: 'string', format: 'date-time' },
      },
      additionalProperties: false,
    };
    expect(validator.validate(schema, { tags: ['a'], id: 3, shape: 'circle', when: '2026-01-01T00:00:00Z' })).toEqual([]);
    const problems = validator.validate(schema, { tags: [''], id: 'not-a-uuid', shape: 'hexagon', when: 'today', extra: 1 });
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['', '/tags/0', '/id', '/shape', '/when']));
    expect(problems).toContainEqual({ path: '', message: 'must not have property "extra"' });
  });

  it('accepts 2020-12 prefixItems and tolerates unknown keywords', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], 'x-ui': 'pair' } },
    };
    expect(validator.validate(schema, { pair: ['a', 1] })).toEqual([]);
    expect(validator.validate(schema, { pair: [1, 'a'] }).map((problem) => problem.path)).toEqual(['/pair/0', '/pair/1']);
  });

  it('lets the server decide when a schema cannot be compiled', () => {
    expect(validator.validate({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } }, { a: 1 })).toEqual([]);
  });

  it('does not clash on schemas that share an $id', () => {
    const first = { $id: 'urn:same', type: 'object', required: ['a'] };
    const second = { $id: 'urn:same', type: 'object', required: ['b'] };
    expect(validator.validate(first, { a: 1 })).toEqual([]);
    expect(validator.validate(second, { a: 1 })).toEqual([{ path: '', message: 'must have property "b"' }]);
  });
});
