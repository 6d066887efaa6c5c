import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { StateAccess } from './step-context.ts';

/**
 * @internal A run's state: validated writes, applied one after another so that concurrent `update`s never
 * lose each other's changes, even when an updater awaits.
 */
export class RunState<TState> implements StateAccess<TState> {
  #value: TState;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #schema: z.ZodType;

  constructor(schema: z.ZodType, initial: unknown) {
    this.#schema = schema;
    this.#value = this.#validate(initial);
  }

  get(): TState {
    return this.#value;
  }

  set(next: TState): Promise<void> {
    return this.#enqueue(() => {
      this.#value = this.#validate(next);
    });
  }

  update(updater: (current: TState) => TState | Promise<TState>): Promise<TState> {
    return this.#enqueue(async () => {
      this.#value = this.#validate(await updater(this.#value));
      return this.#value;
    });
  }

  #enqueue<TResult>(operation: () => TResult | Promise<TResult>): Promise<TResult> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #validate(value: unknown): TState {
    const parsed = this.#schema.safeParse(value);
    if (parsed.success) return parsed.data as TState;
    throw new McpflowError('INVALID_STATE', `invalid workflow state: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
      data: { issues: parsed.error.issues },
    });
  }
}
