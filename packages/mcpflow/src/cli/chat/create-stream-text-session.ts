import { randomUUID } from 'node:crypto';
import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/client';
import type { LanguageModel, ModelMessage, ToolSet } from 'ai';
import type { McpHub } from '../../client/mcp-hub.ts';
import type { SamplingHandler } from '../../client/mcp-hub-options.ts';
import type { McpHubConfig } from '../../client/parse-hub-config.ts';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { renderToolResult } from '../render-content.ts';
import type { ApprovalAnswer, ChatEvent, ChatSession, ElicitationAnswer, FormSchema } from './chat-session.ts';
import { createEventQueue, type EventQueue } from './create-event-queue.ts';

/** Options for {@link createStreamTextSession}. */
export interface StreamTextSessionOptions {
  config: McpHubConfig;
  model: LanguageModel;
  /** Shown in the banner, e.g. `ollama:llama3.2`. */
  modelLabel: string;
  system?: string | undefined;
  /** Model steps per turn (each tool round is one). @default 10 */
  maxSteps?: number | undefined;
  /** `ask`: an approval request before every tool call; `auto`: run tools without asking. @default 'ask' */
  approval?: 'ask' | 'auto' | undefined;
}

const summaryLength = 160;
const shorten = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > summaryLength ? `${line.slice(0, summaryLength - 1)}…` : line;
};

type SamplingMessage = Parameters<SamplingHandler>[0]['messages'][number];

/** An MCP sampling message as an AI SDK message: text kept, other content named (the interim loop sends text only). */
function toModelMessage(message: SamplingMessage): ModelMessage {
  const blocks = Array.isArray(message.content) ? message.content : [message.content];
  const text = blocks.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
  return message.role === 'assistant' ? { role: 'assistant', content: text } : { role: 'user', content: text };
}

/**
 * Interim chat session: a direct AI SDK `streamText` loop over the hub's tools. It stands in for the
 * `mcpflow/agent` workflow until that is merged; `create-chat-session.ts` swaps it out.
 */
export async function createStreamTextSession(options: StreamTextSessionOptions): Promise<ChatSession> {
  const { generateText, streamText, stepCountIs, jsonSchema, tool } = await import('ai');
  const { createMcpHub } = await import('../../client/create-mcp-hub.ts');
  const pending = new Map<string, (answer: ApprovalAnswer | ElicitationAnswer) => void>();
  let turn: EventQueue<ChatEvent> | undefined;

  /** Raises a request in the current turn and waits for the user's answer (or the turn's end). */
  const ask = <TAnswer extends ApprovalAnswer | ElicitationAnswer>(
    event: ChatEvent & { requestId: string },
    signal: AbortSignal | undefined,
    whenCancelled: TAnswer,
  ): Promise<TAnswer> =>
    new Promise((resolve) => {
      if (turn === undefined || signal?.aborted === true) return resolve(whenCancelled);
      const settle = (answer: ApprovalAnswer | ElicitationAnswer) => {
        pending.delete(event.requestId);
        resolve(answer as TAnswer);
      };
      pending.set(event.requestId, settle);
      signal?.addEventListener('abort', () => settle(whenCancelled), { once: true });
      turn.push(event);
    });

  const hub: McpHub = createMcpHub(options.config, {
    // Servers may borrow the chat's model (MCP sampling); with --approval ask, the user says yes first.
    sampling: async (params, context): Promise<CreateMessageResult> => {
      const messages = params.messages.map(toModelMessage);
      if (options.approval !== 'auto') {
        const last = messages.at(-1)?.content ?? '';
        const event = {
          type: 'sampling-request' as const,
          requestId: randomUUID(),
          server: context.server,
          prompt: typeof last === 'string' ? last : JSON.stringify(last),
          maxTokens: params.maxTokens,
        };
        const answer = await ask<ApprovalAnswer>(event, undefined, { approved: false });
        if (!answer.approved) {
          throw new McpflowError('INPUT_DECLINED', 'The user declined the sampling request', { data: { action: 'decline' } });
        }
      }
      const generated = await generateText({
        model: options.model,
        ...(params.systemPrompt === undefined ? {} : { system: params.systemPrompt }),
        messages,
        maxOutputTokens: params.maxTokens,
      });
      return {
        role: 'assistant',
        model: options.modelLabel,
        content: { type: 'text', text: generated.text },
        stopReason: generated.finishReason === 'length' ? 'maxTokens' : 'endTurn',
      };
    },
    elicitation: async (params, context): Promise<ElicitResult> => {
      if (params.mode === 'url') return { action: 'decline' };
      const event = {
        type: 'input-request' as const,
        requestId: randomUUID(),
        server: context.server,
        message: params.message,
        schema: params.requestedSchema as FormSchema,
      };
      return (await ask<ElicitationAnswer>(event, undefined, { action: 'cancel' })) as ElicitResult;
    },
  });
  await hub.ready;
  const hubTools = await hub.listTools();
  const tools: ToolSet = {};
  for (const hubTool of hubTools) {
    const label = `${hubTool.server}/${hubTool.serverToolName}`;
    tools[hubTool.name] = tool({
      description: hubTool.description ?? label,
      inputSchema: jsonSchema(hubTool.inputSchema as Parameters<typeof jsonSchema>[0]),
      execute: async (input: unknown, { toolCallId, abortSignal }: { toolCallId: string; abortSignal?: AbortSignal }) => {
        const queue = turn;
        queue?.push({ type: 'tool-call-start', callId: toolCallId, tool: label, input });
        const end = (isError: boolean, summary: string) =>
          queue?.push({ type: 'tool-call-end', callId: toolCallId, tool: label, isError, summary: shorten(summary) });
        if (options.approval !== 'auto') {
          const request = { type: 'approval-request' as const, requestId: randomUUID(), callId: toolCallId, tool: label, input };
          const answer = await ask<ApprovalAnswer>(request, abortSignal, { approved: false, reason: 'cancelled' });
          if (!answer.approved) {
            end(true, 'not approved');
            // Thrown, so the model sees a tool error and can say so rather than invent a result.
            throw new Error(`The user did not approve this call${answer.reason === undefined ? '' : `: ${answer.reason}`}`);
          }
        }
        try {
          const result = await hub.callTool(hubTool.name, input as Record<string, unknown>, {
            ...(abortSignal === undefined ? {} : { signal: abortSignal }),
            onProgress: (progress) => queue?.push({ type: 'tool-call-progress', callId: toolCallId, ...progress }),
          });
          const text = renderToolResult(result);
          end(false, text);
          return result.structuredContent ?? text;
        } catch (error) {
          const detail = McpflowError.isInstance(error, 'TOOL_ERROR')
            ? renderToolResult(error.data?.result as Parameters<typeof renderToolResult>[0])
            : (error as Error).message;
          end(true, detail);
          throw new Error(detail, { cause: error });
        }
      },
    });
  }
  const history: ModelMessage[] = [];
  const ready = hub.servers().filter((server) => server.status === 'ready').length;
  const unavailable = hub
    .servers()
    .filter((server) => server.status === 'failed')
    .map((server) => `${server.name} (${server.lastError?.message ?? 'failed'})`);

  return {
    description: `${options.modelLabel} · ${ready} server${ready === 1 ? '' : 's'} · ${hubTools.length} tools${
      unavailable.length === 0 ? '' : ` · unavailable: ${unavailable.join(', ')}`
    }`,
    send(message, signal) {
      const queue = createEventQueue<ChatEvent>();
      turn = queue;
      history.push({ role: 'user', content: message });
      const finish = (reason: 'finished' | 'cancelled' | 'failed', error?: string) => {
        queue.push({ type: 'turn-end', reason, error });
        queue.end();
        turn = undefined;
      };
      void (async () => {
        try {
          const result = streamText({
            model: options.model,
            ...(options.system === undefined ? {} : { system: options.system }),
            messages: history,
            tools,
            stopWhen: stepCountIs(options.maxSteps ?? 10),
            abortSignal: signal,
          });
          for await (const part of result.fullStream) {
            if (part.type === 'text-delta') queue.push({ type: 'text-delta', text: part.text });
            else if (part.type === 'error') throw part.error;
          }
          if (signal.aborted) throw signal.reason;
          history.push(...(await result.responseMessages));
          finish('finished');
        } catch (error) {
          // A cancelled turn leaves the history as it was before the message.
          if (history.at(-1)?.role === 'user') history.pop();
          if (signal.aborted) finish('cancelled');
          else finish('failed', error instanceof Error ? error.message : String(error));
        }
      })();
      return queue;
    },
    respond(requestId, answer) {
      pending.get(requestId)?.(answer);
    },
    close: () => hub.close(),
  };
}
