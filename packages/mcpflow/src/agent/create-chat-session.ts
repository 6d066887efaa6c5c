import type { ModelMessage } from 'ai';
import type { EventOf } from '../workflow/define-event.ts';
import type { RunControlOptions, WorkflowRun } from '../workflow/workflow-run.ts';
import type { AgentAnswerEvent } from './agent-events.ts';
import type { AgentState } from './agent-internal-events.ts';
import { appendToolResults, type ToolResultEntry } from './append-tool-results.ts';
import type { AgentWorkflow } from './create-agent.ts';

/** The answer of one agent run (the `agent-answer` event's data). */
export type AgentAnswer = EventOf<typeof AgentAnswerEvent>['data'];

/** A run of an agent. */
export type AgentRun = WorkflowRun<AgentAnswer, AgentState>;

/** A conversation with an agent, one run per turn; see {@link createChatSession}. */
export interface ChatSession {
  /** The conversation so far (AI SDK messages), as sent with the next turn. */
  readonly messages: readonly ModelMessage[];
  /**
   * Starts a turn: a run with the conversation so far plus `prompt`. When the run ends, the conversation takes in
   * the turn; when it is cancelled or fails, the turn's messages so far are kept, with every unanswered tool call
   * answered as interrupted, so the next turn still has a valid conversation.
   */
  send(prompt: string, options?: RunControlOptions): AgentRun;
  /** Forgets the conversation. */
  clear(): void;
}

/**
 * A multi-turn chat over an agent, for hosts such as a terminal chat: each `send` is one run (stream its events,
 * answer its approvals, `cancel()` it on Ctrl-C), and the history is carried from turn to turn.
 *
 * @example
 * ```ts
 * const chat = createChatSession(agent)
 * const run = chat.send('What is in /tmp?')
 * for await (const event of run.events) render(event)
 * await run.result.catch(() => undefined) // a cancelled turn keeps what it said so far
 * chat.send('And in /var?')
 * ```
 */
export function createChatSession(agent: AgentWorkflow, initial: readonly ModelMessage[] = []): ChatSession {
  let messages: ModelMessage[] = [...initial];
  return {
    get messages() {
      return messages;
    },
    send(prompt, options = {}) {
      const history = messages as unknown as Record<string, unknown>[];
      const run = agent.run({ prompt, messages: history }, options);
      run.result.then(
        (answer) => {
          messages = [...messages, ...(answer.turnMessages as unknown as ModelMessage[])];
        },
        () => {
          const state = run.getState();
          const turn = state.messages.length > 0 ? state.messages : [...history, { role: 'user', content: prompt }];
          messages = closeToolCalls(turn) as unknown as ModelMessage[];
        },
      );
      return run;
    },
    clear() {
      messages = [];
    },
  };
}

/** Answers tool calls that have no result yet (the turn was interrupted), so providers accept the conversation. */
function closeToolCalls(messages: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const answered = new Set<string>();
  const open: ToolResultEntry[] = [];
  for (const message of messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content as { type?: string; toolCallId?: string; toolName?: string }[]) {
      if (part.type === 'tool-result' && part.toolCallId !== undefined) answered.add(part.toolCallId);
    }
  }
  for (const message of messages) {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const part of message.content as { type?: string; toolCallId?: string; toolName?: string }[]) {
      if (part.type !== 'tool-call' || part.toolCallId === undefined || answered.has(part.toolCallId)) continue;
      const output = { type: 'error-text', value: 'interrupted: the turn was cancelled before this tool call finished' };
      open.push({ type: 'tool-result', toolCallId: part.toolCallId, toolName: part.toolName ?? '', output });
    }
  }
  return open.length === 0 ? [...messages] : appendToolResults(messages, open);
}
