import type { ServerContext } from '@modelcontextprotocol/server';

/**
 * Sends a workflow's progress events as MCP progress notifications: only when the client asked (it sent a progress
 * token), with `progress` strictly increasing as the spec requires, on a scale of 0 to 100.
 */
export function createProgressReporter(context: ServerContext): (fraction: number, message: string | undefined) => void {
  const progressToken = context.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return () => undefined;
  let last = -1;
  return (fraction, message) => {
    // Steps report their own fractions; a later step starting again at 0 must still move the bar forward, a little.
    const reported = Math.round(fraction * 10_000) / 100;
    const progress = reported > last ? reported : Math.round((last + 0.01) * 100) / 100;
    if (progress > 100) return;
    last = progress;
    const params =
      message === undefined ? { progressToken, progress, total: 100 } : { progressToken, progress, total: 100, message };
    void context.mcpReq.notify({ method: 'notifications/progress', params }).catch(() => undefined);
  };
}
