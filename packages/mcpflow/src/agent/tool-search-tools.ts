import { jsonSchema } from 'ai';
import * as z from 'zod';
import type { McpHub } from '../client/mcp-hub.ts';
import type { AgentTool } from './agent-tool.ts';

/** @internal The hubs' tools, by exposed name, that the meta-tools may reach. */
export interface SearchableTools {
  hubs: readonly McpHub[];
  tools: ReadonlyMap<string, AgentTool>;
  /** Found tools become real tools on the next model call. */
  addFound: boolean;
}

const searchInput = z.object({
  query: z.string().describe('What you want to do, in a few words.'),
  limit: z.number().int().min(1).max(20).optional().describe('How many tools to return (default 5).'),
});
const callInput = z.object({
  name: z.string().describe('The exact tool name returned by search_tools.'),
  arguments: z.record(z.string(), z.unknown()).optional().describe("The tool's arguments, matching its input schema."),
});

/**
 * @internal For catalogs larger than the budget: `search_tools` (BM25 over the hubs' catalogs, with each hit's input
 * schema) and `call_tool` (any hub tool by name), instead of every schema in every request.
 */
export function createToolSearchTools(searchable: SearchableTools): AgentTool[] {
  const search: AgentTool = {
    name: 'search_tools',
    description:
      'Find tools for a task. Returns matching tool names, descriptions and input schemas' +
      (searchable.addFound ? '; found tools can then be called directly (or through call_tool).' : '; call them with call_tool.'),
    inputSchema: jsonSchema(z.toJSONSchema(searchInput) as Parameters<typeof jsonSchema>[0]),
    hints: { readOnlyHint: true },
    exempt: true,
    async execute(input, context) {
      const parsed = searchInput.safeParse(input);
      if (!parsed.success) return { output: { type: 'error-text', value: z.prettifyError(parsed.error) }, isError: true };
      const limit = parsed.data.limit ?? 5;
      const hits = (await Promise.all(searchable.hubs.map((hub) => hub.searchTools(parsed.data.query, { limit }))))
        .flat()
        .sort((left, right) => right.score - left.score)
        .slice(0, limit);
      const found = hits.map(({ tool }) => ({
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema,
      }));
      if (searchable.addFound && found.length > 0) {
        await context.step.state.update((state) => {
          const current = state as { discovered: string[] };
          return { ...current, discovered: [...new Set([...current.discovered, ...found.map((tool) => tool.name)])] };
        });
      }
      return { output: { type: 'json', value: JSON.parse(JSON.stringify(found)) }, isError: false };
    },
  };
  const call: AgentTool = {
    name: 'call_tool',
    description: 'Call a tool found with search_tools, by its exact name, with arguments matching its input schema.',
    inputSchema: jsonSchema(z.toJSONSchema(callInput) as Parameters<typeof jsonSchema>[0]),
    hints: {},
    resolve(input) {
      const parsed = callInput.safeParse(input);
      if (!parsed.success) return { error: z.prettifyError(parsed.error) };
      const tool = searchable.tools.get(parsed.data.name);
      if (tool === undefined) return { error: `no tool named "${parsed.data.name}"; use search_tools to find one` };
      return { tool, input: parsed.data.arguments ?? {} };
    },
    async execute() {
      return { output: { type: 'error-text', value: 'call_tool runs through resolve' }, isError: true };
    },
  };
  return [search, call];
}
