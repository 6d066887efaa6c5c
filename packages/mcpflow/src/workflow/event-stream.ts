import { McpflowError } from '../errors/mcpflow-error.ts';
import type { WorkflowEvent } from './define-event.ts';

/**
 * @internal The public event stream of one run: a queue with one consumer. Events written before anyone reads
 * are kept; when the run fails, the reader gets the error after the last event.
 */
export class EventStream implements AsyncIterable<WorkflowEvent> {
  #buffer: WorkflowEvent[] = [];
  #head = 0;
  #reader: ((result: IteratorResult<WorkflowEvent>) => void) | undefined;
  #readerFailure: ((error: unknown) => void) | undefined;
  #closed = false;
  #error: unknown;
  #taken = false;

  push(event: WorkflowEvent): void {
    if (this.#closed) return;
    const reader = this.#reader;
    if (reader === undefined) {
      this.#buffer.push(event);
      return;
    }
    this.#reader = undefined;
    this.#readerFailure = undefined;
    reader({ value: event, done: false });
  }

  close(error?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    if (this.#reader === undefined) return;
    if (error === undefined) this.#reader({ value: undefined, done: true });
    else this.#readerFailure?.(error);
    this.#reader = undefined;
    this.#readerFailure = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<WorkflowEvent> {
    if (this.#taken) {
      throw new McpflowError('RUN_NOT_ACTIVE', 'run.events has one reader; it is already being read');
    }
    this.#taken = true;
    return {
      next: () => this.#next(),
      return: async () => {
        this.#closed = true;
        this.#buffer = [];
        return { value: undefined, done: true };
      },
    };
  }

  #next(): Promise<IteratorResult<WorkflowEvent>> {
    if (this.#head < this.#buffer.length) {
      const value = this.#buffer[this.#head] as WorkflowEvent;
      this.#head += 1;
      if (this.#head === this.#buffer.length) {
        this.#buffer = [];
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) {
      if (this.#error === undefined) return Promise.resolve({ value: undefined, done: true });
      const error = this.#error;
      this.#error = undefined;
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#reader = resolve;
      this.#readerFailure = reject;
    });
  }
}
