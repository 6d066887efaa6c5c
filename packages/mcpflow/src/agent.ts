/**
 * A tool-calling agent built as an mcpflow workflow: it streams text, tool calls and approvals as events, asks a
 * person (or the MCP client it is served to) for approval as human-in-the-loop input, snapshots while waiting,
 * uses the tools of a client hub (with tool search for large catalogs) and AI SDK tool sets, hands off to other
 * agents, and resolves `openai:`/`anthropic:`/`ollama:` model strings. Node-only (it reads the environment and
 * may use a hub). This entry point is the complete public surface of `mcpflow/agent`; every export is listed by name.
 *
 * @module
 */
export {
  AgentAnswerEvent,
  type AgentEvent,
  type AgentRunEvent,
  AgentStartEvent,
  type AgentUsage,
  ModelStepEndEvent,
  ModelStepStartEvent,
  ReasoningDeltaEvent,
  SubAgentEvent,
  TextDeltaEvent,
  ToolApprovalRequestEvent,
  ToolCallEndEvent,
  ToolCallProgressEvent,
  ToolCallStartEvent,
} from './agent/agent-events.ts';
export type { AgentOptions, AgentToolSearchOptions, AgentToolSource } from './agent/agent-options.ts';
export type { AgentToolHints } from './agent/agent-tool.ts';
export { type Agent, type AgentAsToolOptions, type AgentWorkflow, createAgent } from './agent/create-agent.ts';
export {
  type AgentHubHandlers,
  type AgentHubHandlersOptions,
  createAgentHubHandlers,
  type SamplingPolicy,
} from './agent/create-agent-hub-handlers.ts';
export { type AgentAnswer, type AgentRun, type ChatSession, createChatSession } from './agent/create-chat-session.ts';
export { type ResolveModelOptions, resolveEmbeddingModel, resolveModel } from './agent/resolve-model.ts';
export {
  type ApprovalDecision,
  approvalAnswerSchema,
  type ToolApprovalPolicy,
  type ToolCallInfo,
} from './agent/tool-approval.ts';
export type { MediaHandling } from './client/adapters/to-model-content.ts';
export type { ToolResultOutput } from './client/adapters/to-tool-result-output.ts';
export { McpflowError, type McpflowErrorCode } from './errors/mcpflow-error.ts';
export { InputRequestEvent, ProgressEvent } from './workflow/built-in-events.ts';
