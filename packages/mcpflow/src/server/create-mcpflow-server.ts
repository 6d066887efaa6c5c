import { randomBytes } from 'node:crypto';
import {
  type CallToolResult,
  createRequestStateCodec,
  type Icon,
  type InputRequiredResult,
  isCallToolResult,
  isInputRequiredResult,
  McpServer,
  type McpServerFactory,
  type ServerCapabilities,
  type ServerContext,
  type StandardSchemaWithJSON,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { McpHub } from '../client/mcp-hub.ts';
import type { Workflow } from '../workflow/create-workflow.ts';
import { createMemorySnapshotStore, type SnapshotStore } from '../workflow/snapshot-store.ts';
import { toScopeChallenge } from './auth/to-scope-challenge.ts';
import { cacheJsonSchema } from './cache-json-schema.ts';
import { type MountOptions, mountHub } from './gateway/mount-hub.ts';
import { type PromptDefinition, type PromptHandler, preparePrompt } from './register-prompt.ts';
import {
  type ResourceDefinition,
  type ResourceReader,
  type ResourceTemplateDefinition,
  registerResource,
  registerResourceTemplate,
  type TemplateReader,
} from './register-resource.ts';
import { registerSubscriptions } from './register-subscriptions.ts';
import { type ExistingTool, prepareExistingTool } from './register-tool-set.ts';
import { setServerInternals } from './server-internals.ts';
import { enqueueWorkflowTask } from './tasks/enqueue-workflow-task.ts';
import { interceptToolCalls, type TaskSupport } from './tasks/intercept-tool-calls.ts';
import { registerTaskMethods } from './tasks/register-task-methods.ts';
import { TaskManager } from './tasks/task-manager.ts';
import type { TaskQueue } from './tasks/task-queue.ts';
import { taskSlotOf, tasksExtension } from './tasks/task-slot.ts';
import { createMemoryTaskStore, type TaskRecord, type TaskStore } from './tasks/task-store.ts';
import { toToolError } from './to-tool-error.ts';
import type { ToolConfig } from './tool-config.ts';
import { resumeWorkflowTask } from './workflow-task.ts';
import { type RoundState, registerWorkflowTool, type WorkflowToolContext, type WorkflowToolOptions } from './workflow-tool.ts';

/** Options for {@link createMcpflowServer}. */
export interface McpflowServerOptions {
  /** The server's name, sent to clients. */
  name: string;
  /** The server's version. @default '0.0.0' */
  version?: string;
  title?: string;
  description?: string;
  /** Instructions for the model using this server. */
  instructions?: string;
  /**
   * Key (≥ 32 bytes) that signs the request state of paused workflow runs. Every process that may receive a
   * client's retry needs the same key. @default a random key, valid for this process only
   */
  requestStateKey?: string | Uint8Array;
  /** Where runs waiting for a client's input are kept between rounds (share it across processes). @default in memory */
  snapshotStore?: SnapshotStore;
  /** How long a client has to answer an input request, in seconds. @default 600 */
  inputTtlSeconds?: number;
  /** Extra capabilities to advertise; merged over what registrations imply. */
  capabilities?: ServerCapabilities;
  /** Lets clients subscribe to resources; push changes with `notifyResourceUpdated(uri)`. @default false */
  resourceSubscriptions?: boolean;
  /** Where tasks are kept (share it across processes, or use a file store to outlive restarts). @default in memory */
  taskStore?: TaskStore;
  /** How long a task stays readable after it is created. @default 3600000 (one hour) */
  taskTtlMs?: number;
  /** How often clients are told to poll a task. @default 1000 */
  taskPollIntervalMs?: number;
  /** How long a task-capable call may run before it becomes a task; results by then are answered directly. @default 50 */
  taskImmediateMs?: number;
  /**
   * Runs workflow tasks on workers instead of here (`createBullmqTaskQueue` from `mcpflow/redis`): a call from a
   * client that supports tasks becomes a queued task at once. Needs a task store the workers share. @default run here
   */
  taskQueue?: TaskQueue;
}

/** A tool defined with zod (or any Standard Schema) input and output schemas. */
export interface ToolDefinition<TInput extends StandardSchemaWithJSON, TOutput extends StandardSchemaWithJSON | undefined> {
  title?: string;
  description: string;
  input: TInput;
  /** When set, results must match it and are sent as `structuredContent` too. */
  output?: TOutput;
  /** Run as an MCP task when the client supports tasks (`required`: only then; others get -32021). */
  task?: TaskSupport;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  /**
   * OAuth scopes a caller's token must carry; without them the call gets HTTP 403 `insufficient_scope` naming
   * them. Checked over HTTP (unauthenticated calls are refused too), not over stdio. @default none
   */
  scopes?: string[];
}

/** A tool handler: returns a full `CallToolResult`, or a plain value that becomes text (and structured) content. */
export type ToolHandler<TInput extends StandardSchemaWithJSON> = (
  input: StandardSchemaWithJSON.InferOutput<TInput>,
  context: ServerContext,
) => unknown;

/** @internal What transports hear: a list changed, or a resource some sessions subscribed to. */
export type ServerChange =
  | { kind: 'list'; list: 'tools' | 'prompts' | 'resources' }
  | { kind: 'resource'; uri: string; subscriptions: WeakMap<McpServer, Set<string>> };

/** Everything that can be registered, as a step applied to each fresh `McpServer`. */
type Registration = (server: McpServer, shared: WorkflowToolContext) => void;

/** An MCP server made of tools, resources, prompts and workflows; build it once, serve it over any transport. */
export interface McpflowServer {
  readonly name: string;
  /** Adds a tool. Errors thrown by the handler become tool errors (`isError: true`) the model can read. */
  tool<TInput extends StandardSchemaWithJSON, TOutput extends StandardSchemaWithJSON | undefined = undefined>(
    name: string,
    definition: ToolDefinition<TInput, TOutput>,
    handler: ToolHandler<TInput>,
  ): McpflowServer;
  /**
   * Adds existing tools in one call: an AI SDK v7 `ToolSet`, or plain `{ description, inputSchema, execute }` objects.
   * Throws `CONFIG_INVALID` for a tool without `execute` or with a schema it cannot serve.
   */
  toolSet(tools: Record<string, ExistingTool>): McpflowServer;
  /** Adds a static resource; `read` may return text, bytes or a full result. */
  resource(name: string, uri: string, definition: ResourceDefinition, read: ResourceReader): McpflowServer;
  /** Adds a resource template (e.g. `docs://items/{id}`), with listing of its instances and variable completion. */
  resourceTemplate(name: string, definition: ResourceTemplateDefinition, read: TemplateReader): McpflowServer;
  /** Adds a prompt with zod-typed arguments and argument completion; `render` may return just the user's text. */
  prompt<TArguments extends z.ZodObject | undefined = undefined>(
    name: string,
    definition: PromptDefinition<TArguments>,
    render: PromptHandler<TArguments>,
  ): McpflowServer;
  /** Adds a workflow as a tool: flat input from its start event, structured output from its stop event. */
  workflow(workflow: Workflow, options?: WorkflowToolOptions): McpflowServer;
  /**
   * Serves the tools, prompts, resources and resource templates of a client hub's servers through this server: a
   * gateway. Names are the hub's (`server__tool`), optionally prefixed; results pass through untouched (content of
   * every type, `isError`, `structuredContent` under the server's `outputSchema`); progress and cancellation reach
   * the downstream server; its elicitation and sampling requests reach the calling client in either era when the
   * hub was created with `forwardElicitation` / `forwardSampling` (`createGateway` does that); a downstream
   * `list_changed` reaches this server's clients.
   */
  mount(hub: McpHub, options?: MountOptions): McpflowServer;
  /** Adds a resource, template or prompt through the SDK's own registration calls, for anything the helpers above lack. */
  use(register: (server: McpServer) => void): McpflowServer;
  /** A factory of fresh SDK servers with everything registered (what `serveStdio` and `createMcpHandler` take). */
  readonly factory: McpServerFactory;
  /**
   * Seals state for a multi-round-trip `inputRequired({ requestState })` with this server's key; the SDK verifies
   * it (tampered or expired → `-32602`) before the handler sees `context.mcpReq.requestState()` again.
   */
  mintRequestState(payload: unknown, context: ServerContext): Promise<string>;
  /** Tells clients subscribed to `uri` that it changed (needs `resourceSubscriptions`). */
  notifyResourceUpdated(uri: string): void;
  /** Tells connected clients that the tool, prompt or resource list changed (after registering more, say). */
  notifyListChanged(list: 'tools' | 'prompts' | 'resources'): void;
  /** @internal Transports register here to hear `notifyListChanged` and `notifyResourceUpdated`; returns the unregister function. */
  onListChanged(listener: (change: ServerChange) => void): () => void;
}

/**
 * Starts an MCP server definition. Every request (HTTP) or connection (stdio) gets a fresh SDK server built from
 * the registrations, so nothing leaks between clients.
 *
 * @example
 * ```ts
 * const server = createMcpflowServer({ name: 'research', version: '1.0.0' })
 *   .workflow(researchWorkflow)
 *   .tool('add', { description: 'Add', input: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => a + b)
 * await serveHttp(server, { port: 3920 })
 * ```
 */
export function createMcpflowServer(options: McpflowServerOptions): McpflowServer {
  const registrations: Registration[] = [];
  // Servers built so far that may still be connected (stdio connections, 2025 sessions): a registration made after
  // serving reaches them too, so `notifyListChanged` tells their clients about something they can list.
  const built = new Set<WeakRef<McpServer>>();
  let builtCount = 0;
  const listChangedListeners = new Set<(change: ServerChange) => void>();
  const subscriptions = new WeakMap<McpServer, Set<string>>();
  const codec = createRequestStateCodec<RoundState>({
    key: options.requestStateKey ?? randomBytes(32),
    ttlSeconds: options.inputTtlSeconds ?? 600,
    // Binds the state to the method and the authenticated client, as the spec asks of state that steers logic.
    bind: (context) => `${context.mcpReq.method}\u0000${context.http?.authInfo?.clientId ?? ''}`,
  });
  const tasks = new TaskManager(options.taskStore ?? createMemoryTaskStore(), {
    ttlMs: options.taskTtlMs ?? 3_600_000,
    pollIntervalMs: options.taskPollIntervalMs ?? 1_000,
  });
  const taskSupport = new Map<string, TaskSupport>();
  const workflows = new Map<string, Workflow>();
  const workflowTimeouts = new Map<string, number | undefined>();
  const shared: WorkflowToolContext = {
    store: options.snapshotStore ?? createMemorySnapshotStore(),
    codec,
    resuming: new Set(),
    tasks,
  };
  const resumeTask = (record: TaskRecord, inputResponses: Record<string, unknown>) =>
    resumeWorkflowTask(workflows.get(record.tool), record, inputResponses, tasks);
  const queue = options.taskQueue;
  const offload =
    queue === undefined
      ? undefined
      : (tool: string) => {
          const workflow = workflows.get(tool);
          return workflow && ((input: unknown) => enqueueWorkflowTask(workflow, tool, input, tasks, queue));
        };
  const add = (registration: Registration) => {
    registrations.push(registration);
    for (const reference of built) {
      const instance = reference.deref();
      if (instance === undefined) built.delete(reference);
      else if (instance.isConnected()) {
        try {
          registration(instance, shared);
        } catch {
          // The SDK cannot add the first item of a kind (a new capability) to a connected server; new ones get it.
        }
      }
    }
  };
  const server: McpflowServer = {
    name: options.name,
    tool(name, definition, handler) {
      if (definition.task !== undefined) taskSupport.set(name, definition.task);
      add((target) => registerPlainTool(target, name, definition, handler as ToolHandler<StandardSchemaWithJSON>));
      return server;
    },
    toolSet(tools) {
      for (const [name, tool] of Object.entries(tools)) {
        const register = prepareExistingTool(name, tool);
        add((target) => register(target));
      }
      return server;
    },
    resource(name, uri, definition, read) {
      add((target) => registerResource(target, name, uri, definition, read));
      return server;
    },
    resourceTemplate(name, definition, read) {
      add((target) => registerResourceTemplate(target, name, definition, read));
      return server;
    },
    prompt(name, definition, render) {
      const register = preparePrompt(
        name,
        definition as PromptDefinition<z.ZodObject | undefined>,
        render as PromptHandler<z.ZodObject | undefined>,
      );
      add((target) => register(target));
      return server;
    },
    workflow(workflow, toolOptions = {}) {
      const toolName = toolOptions.name ?? workflow.name;
      workflows.set(toolName, workflow);
      workflowTimeouts.set(toolName, toolOptions.timeoutMs);
      taskSupport.set(toolName, toolOptions.task ?? 'optional');
      add((target, context) => registerWorkflowTool(target, workflow, toolOptions, context));
      return server;
    },
    mount(hub, mountOptions = {}) {
      const mounted = mountHub(hub, mountOptions, {
        mint: (state, context) => codec.mint(state, context),
        answerTtlMs: (options.inputTtlSeconds ?? 600) * 1000,
        notifyListChanged: (list) => server.notifyListChanged(list),
      });
      add((target) => mounted.register(target));
      return server;
    },
    use(register) {
      add((target) => register(target));
      return server;
    },
    mintRequestState: (payload, context) => codec.mint(payload as RoundState, context),
    notifyListChanged(list) {
      for (const listener of listChangedListeners) listener({ kind: 'list', list });
    },
    notifyResourceUpdated(uri) {
      for (const listener of listChangedListeners) listener({ kind: 'resource', uri, subscriptions });
    },
    onListChanged(listener) {
      listChangedListeners.add(listener);
      return () => listChangedListeners.delete(listener);
    },
    factory: () => {
      const implementation = { name: options.name, version: options.version ?? '0.0.0' };
      if (options.title !== undefined) Object.assign(implementation, { title: options.title });
      if (options.description !== undefined) Object.assign(implementation, { description: options.description });
      const capabilities: ServerCapabilities = { logging: {}, ...options.capabilities };
      if (options.resourceSubscriptions === true)
        capabilities.resources = { ...capabilities.resources, subscribe: true, listChanged: true };
      const serverOptions = { capabilities, requestState: { verify: codec.verify } };
      if (options.instructions !== undefined) Object.assign(serverOptions, { instructions: options.instructions });
      if (taskSupport.size > 0) capabilities.extensions = { ...capabilities.extensions, [tasksExtension]: {} };
      // McpServer installs its tools/call handler in the constructor when `tools` is declared, or with the first
      // tool otherwise; task interception must come before either, so `tools` is declared after it.
      const { tools: toolsCapability, ...constructorCapabilities } = capabilities;
      const instance = new McpServer(implementation, { ...serverOptions, capabilities: constructorCapabilities });
      if (taskSupport.size > 0) {
        interceptToolCalls(instance, {
          manager: tasks,
          support: (tool) => taskSupport.get(tool),
          immediateMs: options.taskImmediateMs ?? 50,
          offload,
        });
        registerTaskMethods(instance, tasks, resumeTask);
      }
      if (toolsCapability !== undefined) instance.server.registerCapabilities({ tools: toolsCapability });
      for (const register of registrations) register(instance, shared);
      if (options.resourceSubscriptions === true) registerSubscriptions(instance, subscriptions);
      built.add(new WeakRef(instance));
      // Stateless HTTP builds a server per request: forget the collected ones now and then, not on every request.
      builtCount += 1;
      if (builtCount % 256 === 0) for (const reference of built) if (reference.deref() === undefined) built.delete(reference);
      return instance;
    },
  };
  setServerInternals(server, {
    tasks,
    subscriptions,
    workflow: (tool) => {
      const workflow = workflows.get(tool);
      return workflow && { workflow, timeoutMs: workflowTimeouts.get(tool) ?? workflow.timeoutMs };
    },
  });
  return server;
}

function registerPlainTool(
  server: McpServer,
  name: string,
  definition: ToolDefinition<StandardSchemaWithJSON, StandardSchemaWithJSON | undefined>,
  handler: ToolHandler<StandardSchemaWithJSON>,
): void {
  const config: ToolConfig = { description: definition.description, inputSchema: cacheJsonSchema(definition.input) };
  if (definition.output !== undefined) config.outputSchema = cacheJsonSchema(definition.output);
  if (definition.title !== undefined) config.title = definition.title;
  if (definition.annotations !== undefined) config.annotations = definition.annotations;
  if (definition.icons !== undefined) config.icons = definition.icons;
  const scopeChallenge = toScopeChallenge(definition.scopes);
  if (scopeChallenge !== undefined) config.scopeChallenge = scopeChallenge;
  const structured = definition.output !== undefined;
  server.registerTool(name, config, async (input: unknown, context: ServerContext) => {
    try {
      return toToolResult(await handler(input, context), structured);
    } catch (error) {
      // Inside a task, a thrown error is a failure of the task itself (`failed`), not a result the model reads.
      const slot = taskSlotOf(context);
      if (slot?.isTask === true) slot.fail(error);
      return toToolError(error);
    }
  });
}

function toToolResult(value: unknown, structured: boolean): CallToolResult | InputRequiredResult {
  // A handler asking for input (multi-round-trip) passes through: the SDK asks the client, in either era.
  if (isCallToolResult(value) || isInputRequiredResult(value)) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const result: CallToolResult = { content: [{ type: 'text', text }] };
  if (structured) result.structuredContent = value as Record<string, unknown>;
  return result;
}
