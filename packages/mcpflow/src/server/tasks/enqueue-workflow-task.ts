import type { CallToolResult } from '@modelcontextprotocol/server';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { Workflow } from '../../workflow/create-workflow.ts';
import { toToolError } from '../to-tool-error.ts';
import { toTask } from './register-task-methods.ts';
import type { TaskManager } from './task-manager.ts';
import type { TaskQueue } from './task-queue.ts';

/**
 * @internal Answers a task-capable workflow call by queueing it: the input is checked here (a bad one is a tool
 * error at once, nothing queued), the task is created in the store, then handed to the queue. Nothing runs here.
 */
export async function enqueueWorkflowTask(
  workflow: Workflow,
  tool: string,
  input: unknown,
  tasks: TaskManager,
  queue: TaskQueue,
): Promise<CallToolResult | Record<string, unknown>> {
  const parsed = workflow.start.schema.safeParse(input ?? {});
  if (!parsed.success) {
    return toToolError(
      new McpflowError('INVALID_ARGUMENTS', `Invalid arguments for tool ${tool}: ${parsed.error.message}`, {
        data: { issues: parsed.error.issues },
      }),
    );
  }
  const record = await tasks.createQueued(tool);
  try {
    await queue.enqueue({ taskId: record.taskId, tool, input: parsed.data });
  } catch (error) {
    await tasks.fail(record.taskId, `the task could not be queued: ${error instanceof Error ? error.message : String(error)}`);
    throw new McpflowError('INTERNAL', 'the task could not be queued', { cause: error });
  }
  return { resultType: 'task', ...toTask(record) };
}
