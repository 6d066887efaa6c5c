import { type CallToolResult, inputResponse } from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { Workflow } from '../workflow/create-workflow.ts';
import type { WorkflowRun } from '../workflow/workflow-run.ts';
import type { TaskHandle, TaskManager } from './tasks/task-manager.ts';
import type { TaskSlot } from './tasks/task-slot.ts';
import type { TaskRecord } from './tasks/task-store.ts';
import { toToolError } from './to-tool-error.ts';
import { toInputRequest } from './workflow-tool.ts';

/** How the tool presents its result. */
export interface ResultShape {
  name: string;
  structured: boolean;
  stopType: string;
}

/**
 * @internal Runs a workflow for a client that supports tasks. A run that finishes within the immediate window is
 * answered directly; once it waits for input it becomes a task whose `input_required` carries the run's requests,
 * answered through `tasks/update`. After each pause the run's snapshot is saved with the task, so a task waiting for
 * input survives a server restart.
 */
export async function runAsTask(run: WorkflowRun, slot: TaskSlot, shape: ResultShape): Promise<CallToolResult> {
  // The call may become a task without this run pausing (it simply takes long): cancelling the task must still stop it.
  void slot.created.then(async () => {
    const handle = await slot.ensure();
    handle.signal.addEventListener('abort', () => run.cancel('the client cancelled the task'), { once: true });
  });
  const status = await run.untilWaitingOrEnded();
  if (status !== 'waiting') return finish(run, shape);
  const handle = await slot.ensure();
  return drive(run, handle, shape, {});
}

/** @internal Resumes a workflow task that was waiting for input when the process that ran it stopped. */
export async function resumeWorkflowTask(
  workflow: Workflow | undefined,
  record: TaskRecord,
  inputResponses: Record<string, unknown>,
  tasks: TaskManager,
): Promise<void> {
  const saved = record.resume;
  if (workflow === undefined || saved === undefined) return;
  const run = workflow.resume(saved.snapshot);
  const structured = workflow.stop.toJSONSchema('output').type === 'object';
  // Answers keyed by the task's request keys go to the workflow requests those keys stood for.
  const answers: Record<string, unknown> = {};
  for (const [key, requestId] of Object.entries(saved.requests))
    if (key in inputResponses) answers[requestId] = inputResponses[key];
  // Its outcome goes to the store; a store failure leaves the last status readable (nobody awaits this).
  tasks
    .adopt(record, (handle) => drive(run, handle, { name: record.tool, structured, stopType: workflow.stop.type }, answers))
    .catch(() => undefined);
}

async function drive(
  run: WorkflowRun,
  handle: TaskHandle,
  shape: ResultShape,
  earlyAnswers: Record<string, unknown>,
): Promise<CallToolResult> {
  handle.signal.addEventListener('abort', () => run.cancel('the client cancelled the task'), { once: true });
  let answers = earlyAnswers;
  for (;;) {
    const status = await run.untilWaitingOrEnded();
    if (status !== 'waiting') return finish(run, shape);
    const pending = run.pendingInputs;
    if (pending.length === 0) {
      run.cancel('the workflow waits for external events, which an MCP client cannot send');
      return finish(run, shape);
    }
    const requests: Record<string, string> = {};
    const asked = pending.map((input) => {
      const early = answers[input.requestId];
      const request = toInputRequest(input);
      // The workflow's request id is the task's key for it, so saved answers map back after a restart.
      const answer = early !== undefined ? Promise.resolve(early) : handle.requestInput(request, input.requestId);
      return answer.then((response) => deliver(run, input.requestId, response));
    });
    answers = {};
    for (const input of pending) requests[input.requestId] = input.requestId;
    await handle.saveResume({ snapshot: run.snapshot(), requests });
    await Promise.all(asked);
  }
}

async function deliver(run: WorkflowRun, requestId: string, response: unknown): Promise<void> {
  const answer = inputResponse({ answer: response } as never, 'answer');
  if (answer.kind !== 'elicit' && answer.kind !== 'sampling') return;
  const done =
    answer.kind === 'sampling'
      ? run.respond(requestId, answer.result)
      : answer.action === 'accept'
        ? run.respond(requestId, answer.content ?? {})
        : run.decline(requestId, answer.action);
  // A wrong answer keeps the request open; the next pause asks again.
  await done.catch((error: unknown) => {
    if (!McpflowError.isInstance(error, 'INVALID_INPUT') && !McpflowError.isInstance(error, 'RUN_NOT_ACTIVE')) throw error;
  });
}

async function finish(run: WorkflowRun, shape: ResultShape): Promise<CallToolResult> {
  try {
    const data = await run.result;
    const result: CallToolResult = { content: [{ type: 'text', text: typeof data === 'string' ? data : JSON.stringify(data) }] };
    if (shape.structured) result.structuredContent = data as Record<string, unknown>;
    return result;
  } catch (error) {
    return toToolError(error);
  }
}

/**
 * @internal Runs a queued workflow task (on a worker): from its saved snapshot when it had paused for input on a
 * worker that stopped, otherwise from its input. Resolves once the outcome is in the task store.
 */
export function runQueuedWorkflowTask(
  workflow: Workflow,
  record: TaskRecord,
  input: unknown,
  tasks: TaskManager,
  timeoutMs: number | undefined,
): Promise<void> {
  const control = timeoutMs === undefined ? {} : { timeoutMs };
  const run =
    record.resume !== undefined ? workflow.resume(record.resume.snapshot, control) : workflow.run(input as never, control);
  const structured = workflow.stop.toJSONSchema('output').type === 'object';
  return tasks.adopt(record, (handle) => drive(run, handle, { name: record.tool, structured, stopType: workflow.stop.type }, {}));
}
