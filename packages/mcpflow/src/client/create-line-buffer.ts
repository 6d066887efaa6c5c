/** A bounded log of text lines: the newest `maxLines` are kept, older ones are dropped. */
export interface LineBuffer {
  /** Appends a chunk of output; a line is complete at `\n`, the rest waits for the next chunk. */
  write(chunk: string): void;
  /** The kept lines, oldest first, including an unfinished last line. */
  lines(): string[];
  /** How many complete lines were dropped from the buffer to respect the bound. */
  readonly dropped: number;
}

/** Longest kept line; a server that writes megabytes without a newline must not defeat the bound. */
const maxLineLength = 4096;

/**
 * Creates a ring buffer of lines for a server's stderr, so a chatty or crashing server can be diagnosed
 * without printing anything to the hub's own console and without unbounded memory.
 */
export function createLineBuffer(maxLines: number): LineBuffer {
  const kept: string[] = [];
  let partial = '';
  let dropped = 0;
  const keep = (line: string) => {
    kept.push(line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line);
    if (kept.length > maxLines) {
      kept.shift();
      dropped += 1;
    }
  };
  return {
    write(chunk) {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      if (partial.length > maxLineLength) {
        keep(partial);
        partial = '';
      }
      for (const line of parts) keep(line);
    },
    lines: () => (partial === '' ? [...kept] : [...kept, partial].slice(-maxLines)),
    get dropped() {
      return dropped;
    },
  };
}
