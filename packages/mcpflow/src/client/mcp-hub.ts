import type { CallToolResult, GetPromptResult, Progress, ReadResourceResult } from '@modelcontextprotocol/client';
import type { SkillFile } from '@modelcontextprotocol/client/ext/skills';
import type { HubCatalog, HubPrompt, HubResource, HubResourceTemplate, HubTool, NameCollision } from './build-catalog.ts';
import type { ToolSearchHit, ToolSearchOptions } from './create-tool-search.ts';
import type { HubSkill } from './hub-skills.ts';
import type { ServerInfo } from './server-connection.ts';
import type { TemplateVariables } from './template-variables.ts';

/** Per-request options for `readResource` and `getPrompt`. */
export interface HubRequestOptions {
  /** Aborting cancels the request (the SDK sends `notifications/cancelled`); the call rejects with `CANCELLED`. */
  signal?: AbortSignal;
  /** Overrides the server's request timeout for this call. */
  timeoutMs?: number;
}

/** Options for `hub.callTool`. */
export interface CallToolOptions extends HubRequestOptions {
  /** Receives the server's progress notifications for this call. */
  onProgress?: (progress: Progress) => void;
  /** The timeout restarts on every progress notification; this caps the whole call regardless. */
  maxTotalTimeoutMs?: number;
  /** `false` sends the arguments without checking them against the input schema first (the server still does). @default true */
  validate?: boolean;
}

/**
 * What `readResource` reads: a concrete URI (the owning server is found from the catalog and templates, or named),
 * or a template (exposed name or the URI template itself) with its variables.
 */
export type ResourceTarget<Template extends string = string> =
  | string
  | { uri: string; server?: string }
  | { template: Template; variables: TemplateVariables<Template>; server?: string };

/**
 * One persistent connection per configured MCP server behind a single catalog of tools, resources and prompts.
 * Created by `createMcpHub`.
 */
export interface McpHub {
  /** Settles when the eager start-up has finished, whatever each server's outcome; never rejects. */
  readonly ready: Promise<void>;
  /** Status of every configured server, in configuration order. */
  servers(): ServerInfo[];
  /** Status of one server; `SERVER_NOT_FOUND` for an unknown name. */
  server(name: string): ServerInfo;
  /** The last lines a stdio server wrote to stderr (bounded); empty for HTTP servers. */
  stderr(server: string): string[];
  /** Starts idle (lazy) or failed servers, one or all; rejects with the server's error when a named one fails. */
  connect(server?: string): Promise<void>;
  /** Every exposed tool of every ready server (starting idle servers first). */
  listTools(): Promise<HubTool[]>;
  listPrompts(): Promise<HubPrompt[]>;
  listResources(): Promise<HubResource[]>;
  listResourceTemplates(): Promise<HubResourceTemplate[]>;
  /** Exposed-name collisions found in the current catalog. */
  collisions(): NameCollision[];
  /**
   * The merged catalog as it stands now, without starting or waiting for any server (what a gateway serves
   * synchronously). Replaced, never mutated, when a server connects, reconnects or reports a `list_changed`.
   */
  catalog(): HubCatalog;
  /** Calls `listener` with the new catalog whenever it is rebuilt; returns the function that stops listening. */
  onCatalogChanged(listener: (catalog: HubCatalog) => void): () => void;
  /**
   * Calls a tool by exposed name. Arguments are validated against the tool's input schema first
   * (`INVALID_ARGUMENTS`, nothing sent). A result with `isError: true` is never returned: it rejects with
   * `TOOL_ERROR` whose `data.result` is the whole result. Other failures: `NOT_FOUND`, `CANCELLED`,
   * `REQUEST_TIMEOUT`, `CONNECTION_CLOSED`, `CONNECTION_FAILED`, `PROTOCOL_ERROR`.
   */
  callTool(name: string, args?: Record<string, unknown>, options?: CallToolOptions): Promise<CallToolResult>;
  /** Reads a resource by URI, or fills a template's variables and reads the result. Contents are returned as sent. */
  readResource<Template extends string>(
    target: ResourceTarget<Template>,
    options?: HubRequestOptions,
  ): Promise<ReadResourceResult>;
  /** Gets a prompt by exposed name; missing required arguments reject with `INVALID_ARGUMENTS`. */
  getPrompt(name: string, args?: Record<string, string>, options?: HubRequestOptions): Promise<GetPromptResult>;
  /** The skills (SEP-2640 extension) of every ready server that offers them; no skill file is read. */
  listSkills(): Promise<HubSkill[]>;
  /** Reads and verifies one file of a skill (default its `SKILL.md`); an unverifiable file rejects `PROTOCOL_ERROR`. */
  readSkill(skill: HubSkill, ref?: string, options?: HubRequestOptions): Promise<SkillFile>;
  /**
   * Completion values for a prompt's argument or a resource template's variable (by exposed name), from the server
   * that owns it, given the arguments already filled in; empty when that server offers no completion.
   */
  complete(
    target: { prompt: string } | { template: string },
    argument: { name: string; value: string },
    filled?: Record<string, string>,
  ): Promise<string[]>;
  /** The tools best matching a task description (BM25 over names, descriptions and parameter names). */
  searchTools(task: string, options?: ToolSearchOptions): Promise<ToolSearchHit[]>;
  /** Refetches the catalog of one ready server, or of all. */
  refresh(server?: string): Promise<void>;
  /** Closes every connection; every child process has exited when this resolves. */
  close(): Promise<void>;
}
