/** A push-based async iterable: producers `push`, one consumer iterates; `end` finishes the iteration. */
export interface EventQueue<T> extends AsyncIterable<T> {
  push(value: T): void;
  end(): void;
}

/** Buffers values until the consumer asks for them, so producers never wait. */
export function createEventQueue<T>(): EventQueue<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let ended = false;
  return {
    push(value) {
      if (ended) return;
      if (waiting === undefined) buffered.push(value);
      else {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
      }
    },
    end() {
      ended = true;
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
    },
    [Symbol.asyncIterator]() {
      return {
        next: () => {
          const value = buffered.shift();
          if (value !== undefined) return Promise.resolve({ value, done: false });
          if (ended) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => {
            waiting = resolve;
          });
        },
      };
    },
  };
}
