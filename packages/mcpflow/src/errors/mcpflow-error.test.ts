import { describe, expect, it } from 'vitest';
import { McpflowError, toMcpflowError } from './mcpflow-error.ts';

describe('McpflowError', () => {
  it('carries code, data and cause, and is recognised by brand', () => {
    const cause = new Error('disk full');
    const error = new McpflowError('SNAPSHOT_FAILED', 'could not save', { cause, data: { runId: 'r1' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(McpflowError.isInstance(error)).toBe(true);
    expect(McpflowError.isInstance(error, 'SNAPSHOT_FAILED')).toBe(true);
    expect(McpflowError.isInstance(error, 'CANCELLED')).toBe(false);
    expect(McpflowError.isInstance(new Error('x'))).toBe(false);
    expect(error.toJSON()).toEqual({
      name: 'McpflowError',
      code: 'SNAPSHOT_FAILED',
      message: 'could not save',
      data: { runId: 'r1' },
      cause: 'disk full',
    });
  });

  it('is recognised across copies of the package (brand, not instanceof)', () => {
    const foreign = Object.assign(new Error('x'), { code: 'CANCELLED', [Symbol.for('mcpflow.error.McpflowError')]: true });
    expect(McpflowError.isInstance(foreign, 'CANCELLED')).toBe(true);
  });

  it('normalises unknown throwables to INTERNAL and keeps McpflowErrors as they are', () => {
    const original = new McpflowError('CANCELLED', 'stop');
    expect(toMcpflowError(original)).toBe(original);
    const wrapped = toMcpflowError('boom');
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('boom');
    expect(wrapped.cause).toBe('boom');
  });
});
