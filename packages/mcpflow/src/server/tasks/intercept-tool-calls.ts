import {
  type CallToolResult,
  type McpServer,
  MissingRequiredClientCapabilityError,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { governCallSignal } from './govern-call-signal.ts';
import { toTask } from './register-task-methods.ts';
import type { TaskManager } from './task-manager.ts';
import { attachTaskSlot, TaskSlot, tasksExtension, tasksNegotiated } from './task-slot.ts';

/** Whether a tool may (`optional`) or must (`required`) run as a task when the client supports tasks. */
export type TaskSupport = 'optional' | 'required';

type ToolCallHandler = (request: { params: { name: string } }, context: ServerContext) => Promise<unknown>;

/** @internal Runs a task elsewhere instead of calling the handler (a queued workflow); `undefined`: run it here. */
export type TaskOffload = (tool: string) => ((input: unknown) => Promise<unknown>) | undefined;

interface InterceptOptions {
  manager: TaskManager;
  support: (tool: string) => TaskSupport | undefined;
  immediateMs: number;
  offload?: TaskOffload | undefined;
}

/**
 * @internal Puts task creation in front of an SDK server's `tools/call`. The seam is the SDK's own
 * `setRequestHandler`: `McpServer` installs its `tools/call` handler through it when the first tool is registered,
 * so this must run before any registration. Calls to task tools from clients that negotiated tasks run for up to
 * `immediateMs`; a result by then is answered as usual (the spec's immediate-result shortcut, and multi-round-trip
 * rounds), otherwise — or when the handler asks for it — the call becomes a task.
 */
export function interceptToolCalls(server: McpServer, options: InterceptOptions): void {
  const original = server.server.setRequestHandler.bind(server.server) as (...values: unknown[]) => void;
  server.server.setRequestHandler = ((...values: unknown[]) => {
    const [method, handler] = values;
    if (method !== 'tools/call' || typeof handler !== 'function') return original(...values);
    const next = handler as ToolCallHandler;
    return original(method, (request: { params: { name: string } }, context: ServerContext) =>
      intercept(request, context, next, options),
    );
  }) as typeof server.server.setRequestHandler;
}

async function intercept(
  request: { params: { name: string } },
  context: ServerContext,
  next: ToolCallHandler,
  options: InterceptOptions,
): Promise<unknown> {
  const support = options.support(request.params.name);
  if (support === undefined) return next(request, context);
  if (!tasksNegotiated(context)) {
    if (support === 'optional') return next(request, context);
    throw new MissingRequiredClientCapabilityError(
      { requiredCapabilities: { extensions: { [tasksExtension]: {} } } } as never,
      `Tool ${request.params.name} runs only as a task: declare the ${tasksExtension} extension`,
    );
  }
  const offload = options.offload?.(request.params.name);
  if (offload !== undefined) return offload((request.params as { arguments?: unknown }).arguments);
  let settle: (result: CallToolResult) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const outcome = new Promise<CallToolResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  // Only a task awaits the outcome; a call answered synchronously must not leave a rejection unhandled.
  outcome.catch(() => undefined);
  const slot = new TaskSlot(options.manager, request.params.name, outcome);
  const governed = governCallSignal(context, slot);
  attachTaskSlot(governed, slot);
  const running = next(request, governed);
  running.then((result) => settle(result as CallToolResult), fail);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const first = await Promise.race([
    running.then((result) => ({ kind: 'result' as const, result })),
    slot.created.then((record) => ({ kind: 'task' as const, record })),
    new Promise<{ kind: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), options.immediateMs);
    }),
  ]);
  clearTimeout(timer);
  if (first.kind === 'result' && !slot.isTask) return first.result;
  if (first.kind !== 'task') await slot.ensure();
  return { resultType: 'task', ...toTask(await slot.created) };
}
