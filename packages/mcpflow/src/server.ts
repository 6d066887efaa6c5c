/**
 * Serve workflows, tools, resources and prompts as MCP servers, over stdio and Streamable HTTP, in both protocol
 * eras (2026-07-28 stateless and 2025-11-25 sessions). This entry point is the complete public surface of
 * `mcpflow/server`.
 *
 * @module
 */

export type { CorsOptions } from './server/apply-cors.ts';
export type { HttpAuthOptions } from './server/auth/create-http-auth.ts';
export { createJwtVerifier, type JwtVerifierOptions } from './server/auth/create-jwt-verifier.ts';
export { createStaticTokenVerifier, type StaticTokenGrant } from './server/auth/create-static-token-verifier.ts';
export {
  createMcpflowServer,
  type McpflowServer,
  type McpflowServerOptions,
  type ToolDefinition,
  type ToolHandler,
} from './server/create-mcpflow-server.ts';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './server/create-memory-event-store.ts';
export { createGateway, type Gateway, type GatewayOptions } from './server/gateway/create-gateway.ts';
export { forwardElicitation, forwardSampling } from './server/gateway/forward-server-requests.ts';
export type { MountOptions } from './server/gateway/mount-hub.ts';
export type { PromptDefinition, PromptHandler, PromptResult } from './server/register-prompt.ts';
export type {
  ResourceContent,
  ResourceDefinition,
  ResourceReader,
  ResourceTemplateDefinition,
  TemplateReader,
} from './server/register-resource.ts';
export type { ExistingTool } from './server/register-tool-set.ts';
export { type HttpServerHandle, type ServeHttpOptions, serveHttp } from './server/serve-http.ts';
export { type StdioHandle, serveStdio } from './server/serve-stdio.ts';
export { type ServerHandle, type ServeWorkflowOptions, serveWorkflow } from './server/serve-workflow.ts';
export type { SessionRecord, SessionStore } from './server/session-store.ts';
export type { TaskSupport } from './server/tasks/intercept-tool-calls.ts';
export type { TaskHandle } from './server/tasks/task-manager.ts';
export type { QueuedTask, TaskQueue } from './server/tasks/task-queue.ts';
export { type TaskSlot, taskSlotOf, tasksExtension } from './server/tasks/task-slot.ts';
export {
  createMemoryTaskStore,
  type TaskMessage,
  type TaskMessageHandler,
  type TaskRecord,
  type TaskStatus,
  type TaskStore,
} from './server/tasks/task-store.ts';
export type { WorkflowToolOptions } from './server/workflow-tool.ts';
