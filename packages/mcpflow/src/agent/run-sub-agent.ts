import type { ToolResultOutput } from '../client/adapters/to-tool-result-output.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { InputRequestEvent } from '../workflow/built-in-events.ts';
import type { Workflow } from '../workflow/create-workflow.ts';
import type { EventOf } from '../workflow/define-event.ts';
import { AgentAnswerEvent, SubAgentEvent, ToolApprovalRequestEvent } from './agent-events.ts';
import type { AgentToolRunContext } from './agent-tool.ts';
import { toAnswerSchema } from './create-input-asker.ts';
import type { SubAgentRunner } from './tool-set-agent-tools.ts';

type Approval = EventOf<typeof ToolApprovalRequestEvent>['data'];

/**
 * @internal Runs an agent inside another agent's tool step (a hand-off): its events are forwarded as `sub-agent-event`,
 * its input requests (approvals included) are asked again as the outer step's own, so the outer run's human, or
 * its MCP client, answers them and the outer run snapshots while they wait.
 */
export function runSubAgent(workflow: Workflow): SubAgentRunner {
  return async (input, context, name): Promise<ToolResultOutput> => {
    const prompt = String((input as { prompt?: unknown } | undefined)?.prompt ?? '');
    const run = workflow.run({ prompt }, { signal: context.signal });
    const approvals = new Map<string, Approval>();
    const forwarding: Promise<void>[] = [];
    for await (const event of run.events) {
      if (ToolApprovalRequestEvent.is(event)) {
        approvals.set(event.data.requestId, event.data);
      } else if (InputRequestEvent.is(event)) {
        forwarding.push(forward(event.data, approvals.get(event.data.requestId), context, name, run));
      } else if (!AgentAnswerEvent.is(event)) {
        context.step.write(SubAgentEvent.create({ agent: name, toolCallId: context.toolCallId, event }));
      }
    }
    await Promise.all(forwarding);
    const answer = (await run.result) as EventOf<typeof AgentAnswerEvent>['data'];
    return { type: 'text', value: answer.text };
  };
}

async function forward(
  request: EventOf<typeof InputRequestEvent>['data'],
  approval: Approval | undefined,
  context: AgentToolRunContext,
  name: string,
  run: {
    respond(id: string, answer: unknown): Promise<void>;
    decline(id: string, action?: 'decline' | 'cancel'): Promise<void>;
    cancel(reason?: string): void;
  },
): Promise<void> {
  try {
    if (request.kind === 'sampling') {
      await run.respond(request.requestId, await context.asker.sample(request.request as never));
      return;
    }
    if (approval !== undefined) {
      const outer = { ...approval, requestId: context.asker.nextRequestId(), toolName: `${name}/${approval.toolName}` };
      context.step.write(ToolApprovalRequestEvent.create(outer));
    }
    const answer = await context.asker.ask(`${name}: ${request.message}`, toAnswerSchema(request.schema));
    await run.respond(request.requestId, answer);
  } catch (error) {
    if (McpflowError.isInstance(error, 'INPUT_DECLINED')) {
      await run.decline(request.requestId, error.data?.action === 'cancel' ? 'cancel' : 'decline').catch(() => undefined);
      return;
    }
    // The inner run ended (or the outer step did): nothing left to answer.
    if (McpflowError.isInstance(error, 'RUN_NOT_ACTIVE') || context.signal.aborted) return;
    // Anything else would leave the inner run waiting forever: end it, and the outer model hears why.
    run.cancel(`could not forward input request "${request.requestId}": ${(error as Error).message}`);
  }
}
