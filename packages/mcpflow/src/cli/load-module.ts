import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { McpflowError } from '../errors/mcpflow-error.ts';
import type { McpflowServer } from '../server/create-mcpflow-server.ts';
import type { ExistingTool } from '../server/register-tool-set.ts';
import type { Workflow } from '../workflow/create-workflow.ts';

/**
 * What `mcpflow serve` and `mcpflow diagram` found in a module. The contract, in order:
 * 1. `export default` an mcpflow server (`createMcpflowServer(...)`), or a function (async or not) returning one:
 *    served as it is, with all its tools, resources, prompts and workflows; other exports are ignored.
 * 2. Otherwise the named exports (and a default export that is a workflow): every built workflow becomes a tool,
 *    and `export const tools = {...}` (an AI SDK tool set or `{ description, inputSchema, execute }` objects) is
 *    added as tools.
 */
export interface LoadedModule {
  /** The file's name without its extension: the server name unless `--name` says otherwise. */
  name: string;
  server: McpflowServer | undefined;
  /** Every exported workflow, keyed by export name (`default` for the default export). */
  workflows: Map<string, Workflow>;
  tools: Record<string, ExistingTool> | undefined;
}

// Duck-typed, not instanceof: the module may import its own copy of mcpflow.
function isServer(value: unknown): value is McpflowServer {
  const candidate = value as Partial<McpflowServer> | null;
  return typeof candidate?.factory === 'function' && typeof candidate.onListChanged === 'function';
}

function isWorkflow(value: unknown): value is Workflow {
  const candidate = value as Partial<Workflow> | null;
  return typeof candidate?.toMermaid === 'function' && typeof candidate.run === 'function' && Array.isArray(candidate.steps);
}

/** Imports `file` (TypeScript works: Node strips the types) and sorts out what it exports. */
export async function loadModule(file: string): Promise<LoadedModule> {
  const path = resolve(file);
  const fail = (reason: 'missing' | 'load', message: string, cause?: unknown) =>
    new McpflowError('CONFIG_INVALID', message, { data: { module: path, reason }, ...(cause === undefined ? {} : { cause }) });
  if (!existsSync(path)) throw fail('missing', `No module at ${path}`);
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw fail('load', `Cannot load ${file}`, error);
  }
  let fallback = exports.default;
  if (typeof fallback === 'function' && !isWorkflow(fallback)) {
    try {
      fallback = await (fallback as () => unknown)();
    } catch (error) {
      throw fail('load', `The default export of ${file} threw while building the server`, error);
    }
  }
  const workflows = new Map<string, Workflow>();
  for (const [key, value] of Object.entries(exports)) {
    const candidate = key === 'default' ? fallback : value;
    if (isWorkflow(candidate)) workflows.set(key, candidate);
  }
  const tools = exports.tools;
  return {
    name: basename(path, extname(path)),
    server: isServer(fallback) ? fallback : undefined,
    workflows,
    tools: typeof tools === 'object' && tools !== null ? (tools as Record<string, ExistingTool>) : undefined,
  };
}
