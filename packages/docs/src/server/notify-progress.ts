import type { ServerContext } from '@modelcontextprotocol/server';

/** @internal Progress notifications for a tool call, only when the client asked for them (sent a progress token). */
export function notifyProgress(context: ServerContext): (done: number, total: number, message?: string) => void {
  const progressToken = context.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return () => undefined;
  return (done, total, message) => {
    const params =
      message === undefined ? { progressToken, progress: done, total } : { progressToken, progress: done, total, message };
    void context.mcpReq.notify({ method: 'notifications/progress', params }).catch(() => undefined);
  };
}
