import type { LanguageModel } from 'ai';
import type { AgentToolRunContext } from './agent-tool.ts';

/** @internal A tool call in flight on a hub server, with the model of the agent that made it. */
export interface ActiveCall {
  context: AgentToolRunContext;
  model: LanguageModel;
}

/**
 * @internal Sends a hub server's elicitation and sampling requests to the agent tool call that caused them. MCP
 * requests from a server name no originating call, so the most recent call in flight on that server is taken: with
 * one call per server at a time (the usual case) this is exact.
 */
export interface HubRequestRouter {
  enter(server: string, context: AgentToolRunContext, model: LanguageModel): () => void;
  /** The call to ask, or undefined when no agent tool call is in flight on `server`. */
  activeCall(server: string): ActiveCall | undefined;
  /** Called by each agent that uses these handlers: its model answers sampling. */
  bindModel(model: LanguageModel): void;
  /** The model of the last agent bound, for sampling outside any tool call. */
  readonly model: LanguageModel | undefined;
}

/** @internal */
export function createHubRequestRouter(): HubRequestRouter {
  const active = new Map<string, ActiveCall[]>();
  let model: LanguageModel | undefined;
  return {
    enter(server, context, callModel) {
      const call: ActiveCall = { context, model: callModel };
      const calls = active.get(server) ?? [];
      calls.push(call);
      active.set(server, calls);
      return () => {
        const left = (active.get(server) ?? []).filter((entry) => entry !== call);
        if (left.length === 0) active.delete(server);
        else active.set(server, left);
      };
    },
    activeCall: (server) => active.get(server)?.at(-1),
    bindModel(next) {
      model = next;
    },
    get model() {
      return model;
    },
  };
}
