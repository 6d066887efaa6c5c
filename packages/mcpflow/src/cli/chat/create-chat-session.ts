import type { McpHubConfig } from '../../client/parse-hub-config.ts';
import type { ChatSession } from './chat-session.ts';
import { resolveChatModel } from './resolve-chat-model.ts';

/** What `mcpflow chat` passes to whatever builds its session. */
export interface ChatSessionOptions {
  config: McpHubConfig;
  /** See `resolveChatModel`. */
  model?: string | undefined;
  baseUrl?: string | undefined;
  system?: string | undefined;
  maxSteps?: number | undefined;
  approval?: 'ask' | 'auto' | undefined;
}

/**
 * The adapter between the chat shell and an agent. Today: a direct AI SDK loop. On merge of `mcpflow/agent`, this
 * function builds the agent workflow over a hub and translates its run's events into {@link ChatSession} events
 * (text deltas, tool call start/end, approval and elicitation requests as HITL input requests, answered through
 * `run.respond`); nothing else in the CLI changes.
 */
export async function createChatSession(options: ChatSessionOptions): Promise<ChatSession> {
  const { model, label } = await resolveChatModel(options);
  const { createStreamTextSession } = await import('./create-stream-text-session.ts');
  return createStreamTextSession({ ...options, model, modelLabel: label });
}
