import type { ServerContext } from '@modelcontextprotocol/server';
import type { TaskSlot } from './task-slot.ts';

/**
 * @internal The context a task-capable tool call runs with: its `mcpReq.signal` follows the request's own signal
 * only until the call becomes a task, then the task's (`tasks/cancel`, expiry). The request's signal fires when its
 * HTTP response ends — which is exactly when a call turns into a task — so passing it through would abort every
 * task's work the moment the client got its `CreateTaskResult`.
 */
export function governCallSignal(context: ServerContext, slot: TaskSlot): ServerContext {
  const request = context.mcpReq.signal;
  const controller = new AbortController();
  const onRequestAbort = () => {
    if (!slot.isTask) controller.abort(request.reason);
  };
  if (request.aborted) controller.abort(request.reason);
  else request.addEventListener('abort', onRequestAbort, { once: true });
  void slot.created.then(async () => {
    request.removeEventListener('abort', onRequestAbort);
    const task = (await slot.ensure()).signal;
    if (task.aborted) controller.abort(task.reason);
    else task.addEventListener('abort', () => controller.abort(task.reason), { once: true });
  });
  // The SDK itself derives contexts by spreading (its request-state accessor does the same).
  return { ...context, mcpReq: { ...context.mcpReq, signal: controller.signal } };
}
