import type { ServerContext } from '@modelcontextprotocol/server';
import { taskSlotOf } from 'mcpflow/server';

/**
 * @internal The abort signal of a tool call that may become a task. The request's own signal fires when its HTTP
 * response ends — which is exactly when a call turns into a task — so once it is a task, the task's signal
 * (`tasks/cancel`) takes over.
 */
export function callSignal(context: ServerContext): AbortSignal {
  const slot = taskSlotOf(context);
  const request = context.mcpReq.signal;
  if (slot === undefined) return request;
  const controller = new AbortController();
  request.addEventListener(
    'abort',
    () => {
      if (!slot.isTask) controller.abort(request.reason);
    },
    { once: true },
  );
  void slot.created.then(async () => {
    const task = (await slot.ensure()).signal;
    if (task.aborted) controller.abort(task.reason);
    else task.addEventListener('abort', () => controller.abort(task.reason), { once: true });
  });
  return controller.signal;
}
