import {
  CancelTaskRequestV2Schema,
  CancelTaskResultV2Schema,
  GetTaskRequestV2Schema,
  GetTaskResultV2Schema,
  UpdateTaskRequestV2Schema,
  UpdateTaskResultV2Schema,
} from '@modelcontextprotocol/ext-tasks/core/v2';
import {
  type McpServer,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { TaskManager } from './task-manager.ts';
import { tasksExtension, tasksNegotiated } from './task-slot.ts';
import type { TaskRecord } from './task-store.ts';

type TaskMethodHandler = (params: { taskId: string }, context: ServerContext) => Promise<unknown>;

const paramsOf = (request: unknown): z.ZodObject => (request as { shape: { params: z.ZodObject } }).shape.params;

/**
 * @internal Serves `tasks/get`, `tasks/update` and `tasks/cancel` (SEP-2663) on one SDK server instance, with the
 * wire schemas of `@modelcontextprotocol/ext-tasks`. `tasks/result` and `tasks/list` are not registered: v2 removed
 * them, and the SDK answers unregistered methods with -32601.
 */
export function registerTaskMethods(
  server: McpServer,
  manager: TaskManager,
  resume: (record: TaskRecord, inputResponses: Record<string, unknown>) => Promise<void>,
): void {
  const register = (method: string, params: z.ZodObject, result: unknown, handle: TaskMethodHandler) => {
    const guarded = async (value: { taskId: string }, context: ServerContext) => {
      if (!tasksNegotiated(context)) {
        throw new MissingRequiredClientCapabilityError({
          requiredCapabilities: { extensions: { [tasksExtension]: {} } },
        } as never);
      }
      return handle(value, context);
    };
    server.server.setRequestHandler(method as never, { params, result } as never, guarded as never);
  };
  const unknown = (taskId: string) => new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown task: ${taskId}`, { taskId });

  register('tasks/get', paramsOf(GetTaskRequestV2Schema), GetTaskResultV2Schema, async ({ taskId }) => {
    const record = await manager.get(taskId);
    if (record === undefined) throw unknown(taskId);
    return toDetailedTask(record);
  });
  // The SDK lifts `inputResponses` (a multi-round-trip field) out of the params into the request context.
  const updateParams = paramsOf(UpdateTaskRequestV2Schema).omit({ inputResponses: true });
  register('tasks/update', updateParams, UpdateTaskResultV2Schema, async ({ taskId }, context) => {
    const inputResponses = (context.mcpReq.inputResponses ?? {}) as Record<string, unknown>;
    if (!(await manager.update(taskId, inputResponses, resume))) throw unknown(taskId);
    return { resultType: 'complete' };
  });
  register('tasks/cancel', paramsOf(CancelTaskRequestV2Schema), CancelTaskResultV2Schema, async ({ taskId }) => {
    if (!(await manager.cancel(taskId))) throw unknown(taskId);
    return { resultType: 'complete' };
  });
}

/** The public shape of a task (its wire fields only); `result` and `error` appear once it has ended. */
export function toTask(record: TaskRecord): Record<string, unknown> {
  const task: Record<string, unknown> = {
    taskId: record.taskId,
    status: record.status,
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    ttlMs: record.ttlMs,
    pollIntervalMs: record.pollIntervalMs,
  };
  if (record.statusMessage !== undefined) task.statusMessage = record.statusMessage;
  return task;
}

function toDetailedTask(record: TaskRecord): Record<string, unknown> {
  const task: Record<string, unknown> = { resultType: 'complete', ...toTask(record) };
  if (record.status === 'completed' && record.result !== undefined) task.result = record.result;
  if (record.status === 'failed' && record.error !== undefined) task.error = record.error;
  if (record.status === 'input_required') task.inputRequests = record.inputRequests ?? {};
  return task;
}
