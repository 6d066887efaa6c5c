import type { McpHubConfig } from '../../client/parse-hub-config.ts';
import type { ChatSession } from './chat-session.ts';
import { resolveChatModel } from './resolve-chat-model.ts';
import { translateAgentRun } from './translate-agent-run.ts';

/** Above this many tools the model gets the agent's `search_tools` and `call_tool` instead of every schema. */
const toolSearchBudget = 40;

/** What `mcpflow chat` passes to whatever builds its session. */
export interface ChatSessionOptions {
  config: McpHubConfig;
  /** See `resolveChatModel`. */
  model?: string | undefined;
  baseUrl?: string | undefined;
  system?: string | undefined;
  /** Model calls per turn. @default 10 */
  maxSteps?: number | undefined;
  /** `ask`: approve each tool call and each server's use of the model; `auto`: never ask. @default 'ask' */
  approval?: 'ask' | 'auto' | undefined;
}

/**
 * The adapter between the chat shell and `mcpflow/agent`: an agent over a hub of the configured servers (tool search
 * when the catalog is over the budget; images and audio to models that take them), a chat session carrying the
 * history from turn to turn, and each turn's run translated into {@link ChatSession} events. Servers' elicitation
 * and sampling requests become the run's input requests through `createAgentHubHandlers`.
 */
export async function createChatSession(options: ChatSessionOptions): Promise<ChatSession> {
  const { model, label } = await resolveChatModel(options);
  const [{ createMcpHub }, agentEntry] = await Promise.all([import('../../client/create-mcp-hub.ts'), import('../../agent.ts')]);
  const ask = options.approval !== 'auto';
  const handlers = agentEntry.createAgentHubHandlers({ sampling: ask ? 'ask' : 'allow' });
  const hub = createMcpHub(options.config, { ...handlers });
  await hub.ready;
  const agent = agentEntry.createAgent({
    name: 'mcpflow-chat',
    model,
    tools: hub,
    hubHandlers: handlers,
    approval: ask ? 'ask' : 'allow',
    maxSteps: options.maxSteps ?? 10,
    toolSearch: { budget: toolSearchBudget },
    // OpenAI-compatible chat APIs (Ollama, vLLM…) take only text in tool messages: the provider would paste the
    // base64 bytes in as JSON text, so the model gets a note naming the image or audio instead.
    toolMedia: /^(openai|anthropic):/.test(label) ? 'file' : 'text',
    ...(options.system === undefined ? {} : { system: options.system }),
  });
  const chat = agentEntry.createChatSession(agent);
  const servers = hub.servers();
  const ready = servers.filter((server) => server.status === 'ready').length;
  const unavailable = servers
    .filter((server) => server.status === 'failed')
    .map((server) => `${server.name} (${server.lastError?.message ?? 'failed'})`);
  const toLabels = (tools: Awaited<ReturnType<typeof hub.listTools>>) =>
    new Map(tools.map((tool) => [tool.name, `${tool.server}/${tool.serverToolName}`]));
  let labels = toLabels(await hub.listTools());
  const toolCount = labels.size;
  let turn: ReturnType<typeof translateAgentRun> | undefined;
  return {
    description: [
      label,
      `${ready} server${ready === 1 ? '' : 's'}`,
      `${toolCount} tools${toolCount > toolSearchBudget ? ' (tool search)' : ''}`,
      ...(unavailable.length === 0 ? [] : [`unavailable: ${unavailable.join(', ')}`]),
    ].join(' · '),
    send(message, signal) {
      const run = chat.send(message, { signal });
      const names = { servers: servers.map((server) => server.name), tool: (name: string) => labels.get(name) ?? name };
      // The catalog may have changed since the last turn (list_changed); labels follow it.
      void hub.listTools().then(
        (tools) => {
          labels = toLabels(tools);
        },
        () => undefined,
      );
      turn = translateAgentRun(run, names, signal);
      return turn.events;
    },
    respond(requestId, answer) {
      turn?.respond(requestId, answer);
    },
    close: () => hub.close(),
  };
}
