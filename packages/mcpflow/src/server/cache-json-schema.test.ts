import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cacheJsonSchema } from './cache-json-schema.ts';

describe('cacheJsonSchema', () => {
  it('converts a schema once, hands out the same frozen result, and keeps validation', async () => {
    const schema = z.object({ city: z.string() });
    const cached = cacheJsonSchema(schema);
    expect(cacheJsonSchema(schema)).toBe(cached);
    const options = { target: 'draft-2020-12' as const };
    const first = cached['~standard'].jsonSchema.input(options);
    const second = cached['~standard'].jsonSchema.input(options);
    expect(first).toEqual(schema['~standard'].jsonSchema.input(options));
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(await cached['~standard'].validate({ city: 'Oslo' })).toEqual({ value: { city: 'Oslo' } });
    expect((await cached['~standard'].validate({ city: 1 })) as { issues?: unknown[] }).toHaveProperty('issues');
  });
});
