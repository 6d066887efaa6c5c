import {
  type CallToolResult,
  type CreateMessageRequestParams,
  type ElicitRequestFormParams,
  type Icon,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type McpServer,
  type RequestStateCodec,
  type ServerContext,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { InputRequestEvent, ProgressEvent } from '../workflow/built-in-events.ts';
import type { Workflow } from '../workflow/create-workflow.ts';
import type { PendingInput } from '../workflow/input-registry.ts';
import type { SnapshotStore } from '../workflow/snapshot-store.ts';
import type { WorkflowRun } from '../workflow/workflow-run.ts';
import { toScopeChallenge } from './auth/to-scope-challenge.ts';
import { cacheJsonSchema } from './cache-json-schema.ts';
import { createProgressReporter } from './progress-reporter.ts';
import type { TaskSupport } from './tasks/intercept-tool-calls.ts';
import type { TaskManager } from './tasks/task-manager.ts';
import { taskSlotOf } from './tasks/task-slot.ts';
import { toElicitationSchema } from './to-elicitation-schema.ts';
import { toToolError } from './to-tool-error.ts';
import type { ToolConfig } from './tool-config.ts';
import { runAsTask } from './workflow-task.ts';

/** How a workflow is presented as an MCP tool. */
export interface WorkflowToolOptions {
  /** The tool's name. @default the workflow's name */
  name?: string;
  /** A human-readable title. */
  title?: string;
  /** The tool's description. @default the workflow's description */
  description?: string;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  /** Each round of a run (until it ends or waits for input) fails with a tool error after this long. @default the workflow's timeout */
  timeoutMs?: number;
  /** Run as an MCP task when the client supports tasks (input requests become the task's `input_required`). @default 'optional' */
  task?: TaskSupport;
  /**
   * OAuth scopes a caller's token must carry; without them the call gets HTTP 403 `insufficient_scope` naming
   * them. Checked over HTTP (unauthenticated calls are refused too), not over stdio. @default none
   */
  scopes?: string[];
}

/** @internal What every workflow tool of one server shares. */
export interface WorkflowToolContext {
  /** Where runs waiting for the client's input are kept between rounds. */
  store: SnapshotStore;
  /** Signs the request state echoed by the client. */
  codec: RequestStateCodec<RoundState>;
  /** Runs being resumed right now (a second retry with the same state is refused). */
  resuming: Set<string>;
  /** The server's tasks. */
  tasks: TaskManager;
}

/** @internal The signed request state of one paused round: which run, which save of it, which key is which request. */
export interface RoundState {
  tool: string;
  runId: string;
  savedAt: number;
  requests: Record<string, string>;
}

/**
 * @internal Registers a workflow as a tool. Each call starts a fresh run (nothing is shared between clients or
 * calls); a run that needs input is paused into the store and answered through multi-round-trip elicitation,
 * which the SDK turns into `elicitation/create` for 2025-era clients.
 */
export function registerWorkflowTool(
  server: McpServer,
  workflow: Workflow,
  options: WorkflowToolOptions,
  shared: WorkflowToolContext,
): void {
  const name = options.name ?? workflow.name;
  const stopSchema = workflow.stop.toJSONSchema('output');
  const structured = stopSchema.type === 'object';
  const config: ToolConfig = {
    description: options.description ?? workflow.description,
    inputSchema: cacheJsonSchema(workflow.start.schema),
  };
  if (structured) config.outputSchema = cacheJsonSchema(workflow.stop.schema);
  if (options.title !== undefined) config.title = options.title;
  if (options.annotations !== undefined) config.annotations = options.annotations;
  if (options.icons !== undefined) config.icons = options.icons;
  const scopeChallenge = toScopeChallenge(options.scopes);
  if (scopeChallenge !== undefined) config.scopeChallenge = scopeChallenge;
  const timeoutMs = options.timeoutMs ?? workflow.timeoutMs;
  const control = timeoutMs === undefined ? {} : { timeoutMs };
  server.registerTool(name, config, async (input: unknown, context: ServerContext) => {
    try {
      const slot = taskSlotOf(context);
      if (slot !== undefined)
        return await runAsTask(workflow.run(input as never, control), slot, { name, structured, stopType: workflow.stop.type });
      const state = context.mcpReq.requestState<RoundState>();
      const run =
        state === undefined ? workflow.run(input as never, control) : await resumeRound(workflow, state, context, shared, name);
      return await driveRound(run, context, shared, { name, structured, stopType: workflow.stop.type });
    } catch (error) {
      return toToolError(error);
    }
  });
}

async function resumeRound(
  workflow: Workflow,
  state: RoundState,
  context: ServerContext,
  shared: WorkflowToolContext,
  tool: string,
): Promise<WorkflowRun> {
  if (state.tool !== tool) throw new McpflowError('INVALID_INPUT', 'this request state belongs to another tool');
  if (shared.resuming.has(state.runId)) throw new McpflowError('INVALID_INPUT', 'this round is already being answered');
  shared.resuming.add(state.runId);
  let snapshot: Awaited<ReturnType<SnapshotStore['load']>>;
  try {
    // Single use: a replayed or stale request state finds no snapshot, or a newer save of it. A store shared by
    // several processes takes it atomically, so two retries on two processes cannot both resume it.
    if (shared.store.take !== undefined) snapshot = await shared.store.take(state.runId, state.savedAt);
    else {
      snapshot = await shared.store.load(state.runId);
      if (snapshot?.savedAt === state.savedAt) await shared.store.delete(state.runId);
    }
    if (snapshot === undefined || snapshot.savedAt !== state.savedAt) {
      throw new McpflowError('INVALID_INPUT', 'this input request has expired or was already answered');
    }
  } finally {
    shared.resuming.delete(state.runId);
  }
  const run = workflow.resume(snapshot);
  // The replayed steps ask again first; answers are delivered once they wait.
  if ((await run.untilWaitingOrEnded()) !== 'waiting') return run;
  for (const [key, requestId] of Object.entries(state.requests)) {
    const answer = inputResponse(context.mcpReq.inputResponses, key);
    if (answer.kind === 'sampling') {
      await run.respond(requestId, answer.result).catch((error: unknown) => {
        if (!McpflowError.isInstance(error, 'INVALID_INPUT')) throw error;
      });
      continue;
    }
    if (answer.kind !== 'elicit') continue; // missing: asked again in the next round
    if (answer.action === 'accept') {
      // A wrong answer keeps the request open, so the next round asks again.
      await run.respond(requestId, answer.content ?? {}).catch((error: unknown) => {
        if (!McpflowError.isInstance(error, 'INVALID_INPUT')) throw error;
      });
    } else {
      await run.decline(requestId, answer.action);
    }
  }
  return run;
}

/** Runs until the run ends (a tool result) or waits for input (an input-required result carrying the next round). */
async function driveRound(
  run: WorkflowRun,
  context: ServerContext,
  shared: WorkflowToolContext,
  tool: { name: string; structured: boolean; stopType: string },
): Promise<CallToolResult | InputRequiredResult> {
  const cancel = () => run.cancel('the MCP client cancelled the request');
  context.mcpReq.signal.addEventListener('abort', cancel, { once: true });
  void forwardEvents(run, context, tool.stopType);
  try {
    const status = await run.untilWaitingOrEnded();
    if (status === 'waiting') return await pauseRound(run, context, shared, tool.name);
    const data = await run.result;
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    const result: CallToolResult = { content: [{ type: 'text', text }] };
    if (tool.structured) result.structuredContent = data as Record<string, unknown>;
    return result;
  } finally {
    context.mcpReq.signal.removeEventListener('abort', cancel);
  }
}

async function pauseRound(
  run: WorkflowRun,
  context: ServerContext,
  shared: WorkflowToolContext,
  tool: string,
): Promise<InputRequiredResult> {
  const pending = run.pendingInputs;
  const requests: Record<string, string> = {};
  const inputRequests: Record<string, ReturnType<typeof inputRequired.elicit>> = {};
  try {
    if (pending.length === 0) {
      throw new McpflowError(
        'INVALID_INPUT',
        `workflow "${run.workflow}" waits for external events, which an MCP client cannot send`,
      );
    }
    pending.forEach((input, index) => {
      const key = `input-${index + 1}`;
      requests[key] = input.requestId;
      inputRequests[key] = toInputRequest(input);
    });
  } catch (error) {
    run.cancel('the workflow asked for input that cannot be requested over MCP');
    throw error;
  }
  const snapshot = await run.suspend();
  await shared.store.save(snapshot);
  const requestState = await shared.codec.mint({ tool, runId: run.id, savedAt: snapshot.savedAt, requests }, context);
  return inputRequired({ inputRequests, requestState });
}

/** Streamed progress becomes MCP progress; other events the steps write become log messages. */
async function forwardEvents(run: WorkflowRun, context: ServerContext, stopType: string): Promise<void> {
  const report = createProgressReporter(context);
  try {
    for await (const event of run.events) {
      if (ProgressEvent.is(event)) report(event.data.progress, event.data.message);
      else if (!InputRequestEvent.is(event) && event.type !== stopType) {
        await context.mcpReq.log('info', event, run.workflow).catch(() => undefined);
      }
    }
  } catch {
    // The run ended with an error (or was suspended); the round's result reports it.
  }
}

/** @internal The MCP request for one pending workflow input: an elicitation form, or a sampling request. */
export function toInputRequest(input: PendingInput): ReturnType<typeof inputRequired.elicit> {
  if (input.kind === 'sampling') return inputRequired.createMessage(input.request as CreateMessageRequestParams);
  const requestedSchema = toElicitationSchema(input.schema, input.requestId) as ElicitRequestFormParams['requestedSchema'];
  return inputRequired.elicit({ message: input.message, requestedSchema });
}
