import type { AgentRun, AgentRunEvent } from '../../agent.ts';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { ApprovalAnswer, ChatEvent, ElicitationAnswer, FormSchema } from './chat-session.ts';
import { createEventQueue } from './create-event-queue.ts';

/** How a run's names read in the chat. */
export interface RunLabels {
  /** A hub tool's exposed name as the user knows it (`everything__echo` → `everything/echo`). */
  tool(name: string): string;
  /** The configured server names, to tell which server an elicitation comes from. */
  servers: readonly string[];
}

/** One turn: the run's events as chat events, and the way back for the user's answers. */
export interface TranslatedTurn {
  events: AsyncIterable<ChatEvent>;
  respond(requestId: string, answer: ApprovalAnswer | ElicitationAnswer): void;
}

type Asked = Extract<ChatEvent, { requestId: string }>;

/** An input request whose answer is `{ approved: boolean }` (sampling permission, a sub-agent's approval) is a yes/no question. */
function isYesNo(schema: Record<string, unknown>): boolean {
  const properties = schema.properties as Record<string, { type?: unknown }> | undefined;
  return (
    properties?.approved?.type === 'boolean' && Object.keys(properties).every((key) => key === 'approved' || key === 'reason')
  );
}

/** The server named at the start of an elicitation message (`server: message`, as the agent's hub handlers put it). */
function splitServer(message: string, servers: readonly string[]): { server?: string; message: string } {
  const colon = message.indexOf(': ');
  const server = colon < 0 ? undefined : message.slice(0, colon);
  return server !== undefined && servers.includes(server) ? { server, message: message.slice(colon + 2) } : { message };
}

function translate(event: AgentRunEvent, labels: RunLabels, approvals: Set<string>): ChatEvent | undefined {
  switch (event.type) {
    case 'text-delta':
      return { type: 'text-delta', text: event.data.text };
    case 'tool-call-start':
      return {
        type: 'tool-call-start',
        callId: event.data.toolCallId,
        tool: labels.tool(event.data.toolName),
        input: event.data.input,
      };
    case 'tool-call-progress': {
      const { toolCallId: callId, progress, total, message } = event.data;
      return { type: 'tool-call-progress', callId, progress, total, message };
    }
    case 'tool-call-end': {
      const { toolCallId: callId, toolName, outcome, summary } = event.data;
      return { type: 'tool-call-end', callId, tool: labels.tool(toolName), isError: outcome !== 'success', summary };
    }
    case 'tool-approval-request': {
      // The matching `mcpflow:input-request` (same id) follows; the approval alone is shown.
      approvals.add(event.data.requestId);
      const { requestId, toolCallId: callId, toolName, input } = event.data;
      return { type: 'approval-request', requestId, callId, tool: labels.tool(toolName), input };
    }
    case 'mcpflow:input-request': {
      const { requestId, message, schema } = event.data;
      if (approvals.has(requestId)) return undefined;
      if (isYesNo(schema)) return { type: 'question', requestId, message };
      const properties = (schema.properties ?? {}) as FormSchema['properties'];
      const form: FormSchema = {
        type: 'object',
        properties,
        ...(Array.isArray(schema.required) ? { required: schema.required } : {}),
      };
      return { type: 'input-request', requestId, ...splitServer(message, labels.servers), schema: form };
    }
    case 'agent-answer':
      return event.data.finishReason === 'max-steps'
        ? { type: 'notice', text: `stopped after ${event.data.steps} model steps (raise --max-steps to let it go on)` }
        : undefined;
    default:
      return undefined;
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Which workflow step failed is the agent's business; the person wants the model's or the server's error.
  if (McpflowError.isInstance(error, 'STEP_FAILED') && error.cause instanceof Error) return errorText(error.cause);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * Streams an agent run as the chat shell's events, ending with one `turn-end`, and passes answers back: approvals
 * and questions as `{ approved }`, forms as their content (an answer the request's schema refuses is asked again,
 * once), declined forms through `run.decline`.
 */
export function translateAgentRun(run: AgentRun, labels: RunLabels, signal: AbortSignal): TranslatedTurn {
  const queue = createEventQueue<ChatEvent>();
  const approvals = new Set<string>();
  const open = new Map<string, Asked>();
  const retried = new Set<string>();
  const running = new Map<string, string>();
  run.result.catch(() => undefined);
  void (async () => {
    let end: Extract<ChatEvent, { type: 'turn-end' }> = { type: 'turn-end', reason: 'finished' };
    try {
      for await (const event of run.events) {
        const translated = translate(event as AgentRunEvent, labels, approvals);
        if (translated === undefined) continue;
        if ('requestId' in translated) open.set(translated.requestId, translated);
        if (translated.type === 'tool-call-start') running.set(translated.callId, translated.tool);
        if (translated.type === 'tool-call-end') running.delete(translated.callId);
        queue.push(translated);
      }
      await run.result;
    } catch (error) {
      end =
        signal.aborted || McpflowError.isInstance(error, 'CANCELLED')
          ? { type: 'turn-end', reason: 'cancelled' }
          : { type: 'turn-end', reason: 'failed', error: errorText(error) };
    }
    open.clear();
    // A cancelled or failed run ends its tool steps without a result event: the calls still shown as running end here.
    const summary = end.reason === 'failed' ? 'stopped: the turn failed' : 'cancelled';
    for (const [callId, tool] of running) queue.push({ type: 'tool-call-end', callId, tool, isError: true, summary });
    queue.push(end);
    queue.end();
  })();
  return {
    events: queue,
    respond(requestId, answer) {
      const asked = open.get(requestId);
      if (asked === undefined) return;
      open.delete(requestId);
      const sent =
        'approved' in answer
          ? run.respond(requestId, answer.approved || answer.reason === undefined ? { approved: answer.approved } : answer)
          : answer.action === 'accept'
            ? run.respond(requestId, answer.content ?? {})
            : run.decline(requestId, answer.action);
      sent.catch((error: unknown) => {
        // The answer does not fit the form (a pattern, a range): ask once more, then decline.
        if (!McpflowError.isInstance(error, 'INVALID_INPUT') || asked.type !== 'input-request' || signal.aborted) return;
        if (retried.has(requestId)) return void run.decline(requestId).catch(() => undefined);
        retried.add(requestId);
        open.set(requestId, asked);
        const why = error.message.replace(/^answer to "[^"]*" does not fit: /, '').replace(/\s+/g, ' ');
        queue.push({ ...asked, message: `${asked.message} (${why})` });
      });
    },
  };
}
