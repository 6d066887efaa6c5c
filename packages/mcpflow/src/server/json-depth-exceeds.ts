/**
 * @internal True when a parsed JSON value nests deeper than `limit` arrays or objects. Iterative on purpose: a
 * recursive walk (or a recursive validator further on) over hostile input overflows the stack, which is how deep
 * nesting turns a client's bad request into a server error.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
