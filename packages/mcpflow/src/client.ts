/**
 * A multi-server MCP client hub: one persistent connection per configured server (stdio or Streamable HTTP, with an
 * HTTP+SSE fallback), a merged catalog of tools, resources and prompts under collision-free names, argument
 * validation before sending, progress, cancellation, timeouts, reconnection, sampling/elicitation/roots handlers,
 * tool search, OAuth 2.1 for HTTP servers (authorization code + PKCE over a loopback redirect, client ID metadata
 * documents, dynamic registration, client credentials, refresh; credentials persisted per issuer), plus thin adapters:
 * provider function definitions (OpenAI, Anthropic) with schema projection, model-ready result content, and a
 * workflow-step helper (the AI SDK tool set is at `mcpflow/client/ai`). This entry point is Node-only (it spawns stdio
 * servers) and is the complete public surface of `mcpflow/client`; every export is listed by name on purpose.
 *
 * @module
 */

export {
  callToolFromStep,
  type StepCallContext,
  type StepToolCallOptions,
} from './client/adapters/call-tool-from-step.ts';
export { fromModelArguments } from './client/adapters/from-model-arguments.ts';
export type { SchemaNode } from './client/adapters/json-schema-nodes.ts';
export {
  type ProjectSchemaOptions,
  projectToolSchema,
  type SchemaProjection,
  type SchemaTarget,
} from './client/adapters/project-tool-schema.ts';
export {
  type AnthropicTool,
  type FunctionToolsOptions,
  type OpenAiChatTool,
  type OpenAiResponsesTool,
  toAnthropicTools,
  toOpenAiChatTools,
  toOpenAiResponsesTools,
} from './client/adapters/to-function-tools.ts';
export { type MediaHandling, type ModelContentPart, toModelContent } from './client/adapters/to-model-content.ts';
export type {
  HubCatalog,
  HubPrompt,
  HubResource,
  HubResourceTemplate,
  HubTool,
  NameCollision,
  ServerCatalog,
} from './client/build-catalog.ts';
export type { ArgumentProblem } from './client/create-argument-validator.ts';
export { createMcpHub } from './client/create-mcp-hub.ts';
export type { ToolSearchHit, ToolSearchOptions } from './client/create-tool-search.ts';
export type { HubSkill } from './client/hub-skills.ts';
export type { CallToolOptions, HubRequestOptions, McpHub, ResourceTarget } from './client/mcp-hub.ts';
export type {
  ElicitationHandler,
  HubLogEntry,
  McpHubOptions,
  RootsHandler,
  SamplingHandler,
  ServerRequestContext,
} from './client/mcp-hub-options.ts';
export { createFileOAuthStore } from './client/oauth/create-file-oauth-store.ts';
export { defaultOAuthStorePath } from './client/oauth/create-server-authorization.ts';
export type {
  AuthorizationRequestContext,
  HubOAuthOptions,
  OAuthGrant,
  OAuthSettings,
  TokenEndpointAuthMethod,
} from './client/oauth/oauth-settings.ts';
export type { OAuthEntry } from './client/oauth/oauth-settings-schema.ts';
export {
  createMemoryOAuthStore,
  type IssuerCredentials,
  type OAuthStore,
  type ServerOAuthState,
} from './client/oauth/oauth-store.ts';
export {
  loadHubConfig,
  type McpHubConfig,
  type ParseHubConfigOptions,
  parseHubConfig,
  type ServerEntry,
} from './client/parse-hub-config.ts';
export type { ReconnectOptions, ServerInfo, ServerStatus } from './client/server-connection.ts';
export type {
  EraOption,
  HttpServerDefinition,
  ServerDefinition,
  ServerDefinitionBase,
  StdioServerDefinition,
} from './client/server-definition.ts';
export type { TemplateValue, TemplateVariableNames, TemplateVariables } from './client/template-variables.ts';
export { McpflowError, type McpflowErrorCode } from './errors/mcpflow-error.ts';
