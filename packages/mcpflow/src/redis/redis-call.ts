import { McpflowError } from '../errors/mcpflow-error.ts';

/**
 * @internal Runs one Redis operation of a store; a failure (Redis down, refused, timed out) becomes
 * `CONNECTION_FAILED` naming the operation, with the Redis error as `cause`.
 */
export async function redisCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new McpflowError('CONNECTION_FAILED', `Redis ${operation} failed: ${message}`, { cause: error });
  }
}

/** @internal The results of a MULTI, or the first command error (ioredis resolves `exec()` with per-command errors). */
export async function execAll(transaction: { exec(): Promise<[Error | null, unknown][] | null> }): Promise<unknown[]> {
  const results = await transaction.exec();
  if (results === null) throw new Error('the transaction was aborted');
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
  return results.map(([, value]) => value);
}
