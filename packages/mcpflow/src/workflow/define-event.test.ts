import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { defineEvent } from './define-event.ts';

describe('defineEvent', () => {
  const Order = defineEvent('order', z.object({ id: z.string(), quantity: z.number().int().positive().default(1) }));

  it('creates plain events with validated, defaulted data', () => {
    const event = Order.create({ id: 'a1' });
    expect(event).toEqual({ type: 'order', data: { id: 'a1', quantity: 1 } });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    expect(Order.is(event)).toBe(true);
    expect(Order.is({ type: 'other', data: {} })).toBe(false);
    expect(Order.is(null)).toBe(false);
  });

  it('refuses invalid payloads with INVALID_EVENT and the zod issues', () => {
    let caught: unknown;
    try {
      Order.create({ id: 'a1', quantity: -2 });
    } catch (error) {
      caught = error;
    }
    expect(McpflowError.isInstance(caught, 'INVALID_EVENT')).toBe(true);
    const error = caught as McpflowError;
    expect(error.message).toContain('invalid "order" event');
    expect(error.data?.issues).toEqual([expect.objectContaining({ path: ['quantity'] })]);
  });

  it('refuses schemas that are not plain JSON data, when defined', () => {
    expect(() => defineEvent('dated', z.object({ at: z.date() }))).toThrow(/not plain JSON data/);
    expect(() => defineEvent('big', z.object({ n: z.bigint() }))).toThrow(McpflowError);
  });

  it('reserves the mcpflow: prefix and refuses empty names', () => {
    expect(() => defineEvent('mcpflow:progress', z.object({}))).toThrow(/reserved/);
    expect(() => defineEvent('', z.object({}))).toThrow(/non-empty/);
  });

  it('describes its payload as JSON Schema for inputs and outputs', () => {
    expect(Order.toJSONSchema('input')).toMatchObject({ type: 'object', required: ['id'] });
    expect(Order.toJSONSchema('output')).toMatchObject({ type: 'object', required: ['id', 'quantity'] });
  });
});
