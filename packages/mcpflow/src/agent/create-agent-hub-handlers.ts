import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/client';
import { generateText, type LanguageModel } from 'ai';
import * as z from 'zod';
import type { ElicitationHandler, SamplingHandler } from '../client/mcp-hub-options.ts';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { toAnswerSchema } from './create-input-asker.ts';
import { createHubRequestRouter, type HubRequestRouter } from './hub-request-router.ts';
import { toModelMessagesFromSampling } from './to-model-messages-from-sampling.ts';

/** Whether a server may use the agent's model: `allow` at once, `deny` always, `ask` the person first. */
export type SamplingPolicy = 'allow' | 'deny' | 'ask';

/** Options for {@link createAgentHubHandlers}. */
export interface AgentHubHandlersOptions {
  /** What to do when a server asks for sampling. @default 'ask' */
  sampling?: SamplingPolicy;
  /** `ask`: a server's elicitation becomes an input request of the agent run; `decline`: refuse every one. @default 'ask' */
  elicitation?: 'ask' | 'decline';
}

/** Sampling and elicitation handlers for `createMcpHub`, routed into the agent runs that use the hub. */
export interface AgentHubHandlers {
  /** Pass to `createMcpHub` (spread the whole object into its options). */
  readonly sampling: SamplingHandler;
  /** Pass to `createMcpHub` (spread the whole object into its options). */
  readonly elicitation: ElicitationHandler;
}

const routers = new WeakMap<AgentHubHandlers, HubRequestRouter>();

/** @internal The router behind handlers made by {@link createAgentHubHandlers}. */
export function routerOf(handlers: AgentHubHandlers | undefined): HubRequestRouter | undefined {
  return handlers === undefined ? undefined : routers.get(handlers);
}

const permission = z.object({ approved: z.boolean() });

/**
 * Makes the hub's server-to-client requests part of the agent's human in the loop: an elicitation from a server
 * whose tool an agent is calling becomes an input request of that run (streamed, snapshotted, served as elicitation
 * when the agent is itself served over MCP); a sampling request is answered by that agent's model, after asking
 * the person when the policy says `ask`. Requests that arrive while no agent call is in flight on that server are
 * declined (elicitation) or refused (sampling with `ask`).
 *
 * @example
 * ```ts
 * const handlers = createAgentHubHandlers({ sampling: 'ask' })
 * const hub = createMcpHub(config, { ...handlers })
 * const agent = createAgent({ name: 'assistant', model, tools: hub, hubHandlers: handlers })
 * ```
 */
export function createAgentHubHandlers(options: AgentHubHandlersOptions = {}): AgentHubHandlers {
  const router = createHubRequestRouter();
  const samplingPolicy = options.sampling ?? 'ask';
  const handlers: AgentHubHandlers = {
    async elicitation(params, { server }): Promise<ElicitResult> {
      const call = router.activeCall(server);
      if (call === undefined || options.elicitation === 'decline') return { action: 'decline' };
      const isUrl = params.mode === 'url';
      const schema = isUrl ? z.object({}) : toAnswerSchema(params.requestedSchema as Record<string, unknown>);
      const message = isUrl ? `${params.message}\nOpen ${params.url}` : params.message;
      try {
        const content = await call.context.asker.ask(`${server}: ${message}`, schema);
        return isUrl ? { action: 'accept' } : { action: 'accept', content: content as ElicitResult['content'] };
      } catch (error) {
        if (McpflowError.isInstance(error, 'INPUT_DECLINED'))
          return { action: error.data?.action === 'cancel' ? 'cancel' : 'decline' };
        throw error;
      }
    },
    async sampling(params, { server }): Promise<CreateMessageResult> {
      const call = router.activeCall(server);
      const model: LanguageModel | undefined = call?.model ?? router.model;
      const refuse = (why: string) => {
        throw new McpflowError('FORBIDDEN', `sampling request from "${server}" refused: ${why}`, { data: { server } });
      };
      if (samplingPolicy === 'deny') refuse('the sampling policy is deny');
      if (model === undefined) return refuse('no agent model is bound to these handlers');
      if (samplingPolicy === 'ask') {
        if (call === undefined) return refuse('nobody to ask: no agent tool call is in flight on this server');
        const first = params.messages.at(-1)?.content;
        const preview = typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : 'a request';
        const answer = await call.context.asker
          .ask(`${server} wants to use the model (max ${params.maxTokens} tokens): "${preview}". Allow?`, permission)
          .catch((error: unknown) =>
            McpflowError.isInstance(error, 'INPUT_DECLINED') ? { approved: false } : Promise.reject(error),
          );
        if (!answer.approved) refuse('the person declined');
      }
      const result = await generateText({
        model,
        ...(params.systemPrompt === undefined ? {} : { system: params.systemPrompt }),
        messages: toModelMessagesFromSampling(params.messages),
        maxOutputTokens: params.maxTokens,
        ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
        ...(params.stopSequences === undefined ? {} : { stopSequences: params.stopSequences }),
        ...(call === undefined ? {} : { abortSignal: call.context.signal }),
      });
      const stopReason =
        result.finishReason === 'length' ? 'maxTokens' : result.finishReason === 'stop' ? 'endTurn' : result.finishReason;
      return { role: 'assistant', content: { type: 'text', text: result.text }, model: modelIdOf(model), stopReason };
    },
  };
  routers.set(handlers, router);
  return handlers;
}

function modelIdOf(model: LanguageModel): string {
  return typeof model === 'string' ? model : `${model.provider}:${model.modelId}`;
}
