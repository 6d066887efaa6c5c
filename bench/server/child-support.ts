/** Shared by the server children: tell the parent where we listen, and close cleanly on SIGTERM or parent exit. */

/** Prints the endpoint as one JSON line (the parent waits for it), then closes on SIGTERM/SIGINT or stdin EOF. */
export function announce(url: string, close: () => Promise<void> | void): void {
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => process.exit(0), 2_000);
    try {
      await close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // The parent keeps our stdin open; when it dies, stdin ends and we leave too (no orphaned servers).
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}
