/** A one-line spinner on a terminal stream. */
export interface StatusLine {
  /** Shows (or updates) the line. */
  show(text: string): void;
  /** Erases the line so something else can be written; `show` brings it back. */
  clear(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner that only draws. Spinner libraries (clack's, nanospinner, ora) install their own Ctrl-C handling and
 * exit the process, while mcpflow needs Ctrl-C to cancel the running call or turn and keep going.
 */
export function createStatusLine(stream: NodeJS.WriteStream = process.stderr): StatusLine {
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const width = Math.max(10, (stream.columns ?? 80) - 3);
    stream.write(`\r\x1b[2K${frames[frame % frames.length]} ${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    frame += 1;
  };
  return {
    show(next) {
      text = next;
      if (timer === undefined) {
        timer = setInterval(draw, 80);
        timer.unref();
      }
      draw();
    },
    clear() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\x1b[2K');
    },
  };
}
