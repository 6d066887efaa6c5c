import type { ModelMessage } from 'ai';
import type { ToolResultOutput } from '../client/adapters/to-tool-result-output.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { EventOf } from '../workflow/define-event.ts';
import type { StepContext } from '../workflow/step-context.ts';
import { ToolApprovalRequestEvent, ToolCallEndEvent, ToolCallProgressEvent, ToolCallStartEvent } from './agent-events.ts';
import { type AgentState, ToolCallFinished, type ToolCallRequested } from './agent-internal-events.ts';
import type { AgentTool } from './agent-tool.ts';
import { collectAgentTools, type ToolSources } from './collect-agent-tools.ts';
import { createInputAsker } from './create-input-asker.ts';
import { summarizeOutput } from './summarize-output.ts';
import { approvalAnswerSchema, decideApproval, type ToolApprovalPolicy } from './tool-approval.ts';

type Outcome = EventOf<typeof ToolCallEndEvent>['data']['outcome'];

/**
 * @internal One tool call: approval when the policy asks for it (a HITL input request, so the run snapshots while
 * waiting), then the call, with progress streamed. Whatever happens, the model gets a result: errors and refusals
 * included; only cancellation ends the step without one.
 */
export async function runToolStep(
  event: EventOf<typeof ToolCallRequested>,
  context: StepContext<AgentState, EventOf<typeof ToolCallFinished>>,
  settings: { sources: ToolSources; approval: ToolApprovalPolicy },
): Promise<EventOf<typeof ToolCallFinished>> {
  const { step, toolCallId, toolName, input, index, count } = event.data;
  const startedAt = Date.now();
  const state = context.state.get();
  const tools = await collectAgentTools(settings.sources, state.discovered);
  // Meta-tools (call_tool) stand for the tool they call: events, approval and results name that one.
  let target: AgentTool | undefined = tools.get(toolName);
  let targetInput = input;
  let problem: string | undefined = target === undefined ? `there is no tool named "${toolName}"` : undefined;
  const resolved = target?.resolve?.(input);
  if (resolved !== undefined && 'error' in resolved) problem = resolved.error;
  else if (resolved !== undefined) {
    target = resolved.tool;
    targetInput = resolved.input;
  }
  const shownName = target?.name ?? toolName;
  context.write(ToolCallStartEvent.create({ step, toolCallId, toolName: shownName, input: targetInput }));
  const finish = (outcome: Outcome, output: ToolResultOutput) => {
    const summary = summarizeOutput(output);
    const durationMs = Date.now() - startedAt;
    const end = { step, toolCallId, toolName: shownName, input: targetInput, outcome, summary, durationMs };
    context.write(ToolCallEndEvent.create(end));
    return ToolCallFinished.create({ toolCallId, toolName, output: output as Record<string, unknown>, index, count });
  };
  if (target === undefined || problem !== undefined) return finish('error', { type: 'error-text', value: problem ?? '' });
  const asker = createInputAsker(context as StepContext<unknown>);
  if (target.exempt !== true) {
    const call = {
      toolName: target.name,
      input: targetInput,
      hints: target.hints,
      ...(target.server === undefined ? {} : { server: target.server }),
    };
    const decision = await decideApproval(settings.approval, call);
    let reason: string | undefined = decision === 'deny' ? 'the approval policy does not allow this tool' : undefined;
    if (decision === 'ask') {
      const message = `Allow ${target.name} with ${clip(JSON.stringify(targetInput) ?? 'no input', 300)}?`;
      const requestId = asker.nextRequestId();
      context.write(
        ToolApprovalRequestEvent.create({ requestId, toolCallId, toolName: target.name, input: targetInput, message }),
      );
      const answer = await asker.ask(message, approvalAnswerSchema).catch((error: unknown) => {
        if (McpflowError.isInstance(error, 'INPUT_DECLINED')) return { approved: false, reason: undefined };
        throw error;
      });
      if (!answer.approved) reason = answer.reason ?? 'the user denied this tool call';
    }
    if (reason !== undefined) return finish('denied', { type: 'execution-denied', reason });
  }
  const outcome = await target.execute(targetInput, {
    toolCallId,
    signal: context.signal,
    messages: state.messages as unknown as ModelMessage[],
    step: context as StepContext<unknown>,
    asker,
    onProgress: (progress) => {
      const data = { toolCallId, toolName: target.name, progress: progress.progress };
      context.write(
        ToolCallProgressEvent.create({
          ...data,
          ...(progress.total === undefined ? {} : { total: progress.total }),
          ...(progress.message === undefined ? {} : { message: progress.message }),
        }),
      );
      if (progress.total !== undefined && progress.total > 0) {
        context.progress(Math.min(1, progress.progress / progress.total), `${target.name}: ${progress.message ?? ''}`.trim());
      }
    },
  });
  return finish(outcome.isError ? 'error' : 'success', outcome.output);
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
