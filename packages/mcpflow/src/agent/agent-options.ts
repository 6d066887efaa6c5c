import type { LanguageModel, streamText, ToolSet } from 'ai';
import type { MediaHandling } from '../client/adapters/to-model-content.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import type { WorkflowHooks } from '../workflow/workflow-hooks.ts';
import type { AgentHubHandlers } from './create-agent-hub-handlers.ts';
import type { ToolApprovalPolicy } from './tool-approval.ts';

/** Where an agent's tools come from: a client hub (every tool of every server) or an AI SDK tool set. */
export type AgentToolSource = McpHub | ToolSet;

/** When and how the model gets the hub's tool search instead of every tool schema. */
export interface AgentToolSearchOptions {
  /** Above this many hub tools, the model gets `search_tools` and `call_tool` instead of the schemas. @default 40 */
  budget?: number;
  /** Tools found by `search_tools` are offered directly from the next model call on. @default true */
  addFoundTools?: boolean;
}

/** Options for {@link createAgent}. */
export interface AgentOptions {
  /** The agent's (workflow's) name; also its MCP tool name when served. */
  name: string;
  /** What the agent does; its MCP tool description and its description as another agent's tool. @default '' */
  description?: string;
  /** Any AI SDK v7 language model (see `resolveModel` for `openai:gpt-4.1`-style strings). */
  model: LanguageModel;
  /** A hub, an AI SDK tool set (including other agents' `asTool()`), or several. Tool sets win name clashes. */
  tools?: AgentToolSource | readonly AgentToolSource[];
  /** The system prompt. */
  system?: string;
  /** The most model calls per run; when reached while the model still wants tools, the run ends with `max-steps`. @default 10 */
  maxSteps?: number;
  /** Which tool calls need a person's approval. @default 'allow' */
  approval?: ToolApprovalPolicy;
  /** Tool search for large hub catalogs, or `false` to always send every schema. @default { budget: 40 } */
  toolSearch?: AgentToolSearchOptions | false;
  /** Routes the hub's elicitation and sampling into this agent's runs (see `createAgentHubHandlers`). */
  hubHandlers?: AgentHubHandlers;
  /**
   * `file` gives images and audio from tools to the model as file parts; `text` replaces them with a placeholder,
   * for models that take no files in tool results (as `toAiSdkTools`' `media`). @default 'file'
   */
  toolMedia?: MediaHandling;
  /** How many tool calls of one model step run at once. @default Infinity */
  toolConcurrency?: number;
  /** Settings for every model call. */
  modelSettings?: {
    temperature?: number;
    maxOutputTokens?: number;
    maxRetries?: number;
    providerOptions?: NonNullable<Parameters<typeof streamText>[0]['providerOptions']>;
  };
  /** The default run timeout. @default none */
  timeoutMs?: number;
  /** Instrumentation for every run. */
  hooks?: WorkflowHooks;
}
