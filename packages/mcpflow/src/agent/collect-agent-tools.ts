import type { LanguageModel, ToolSet } from 'ai';
import type { MediaHandling } from '../client/adapters/to-model-content.ts';
import type { McpHub } from '../client/mcp-hub.ts';
import type { AgentToolSearchOptions, AgentToolSource } from './agent-options.ts';
import type { AgentTool } from './agent-tool.ts';
import { toAgentToolFromHub } from './hub-agent-tools.ts';
import type { HubRequestRouter } from './hub-request-router.ts';
import { createToolSearchTools } from './tool-search-tools.ts';
import { toAgentToolsFromToolSet } from './tool-set-agent-tools.ts';

/** @internal What an agent's tool sources resolve against. */
export interface ToolSources {
  hubs: McpHub[];
  toolSets: ToolSet[];
  toolSearch: Required<AgentToolSearchOptions> | false;
  media: MediaHandling;
  router: HubRequestRouter | undefined;
  model: LanguageModel;
}

/** @internal Splits the `tools` option into hubs and tool sets. */
export function splitToolSources(tools: AgentToolSource | readonly AgentToolSource[] | undefined) {
  const list = tools === undefined ? [] : Array.isArray(tools) ? tools : [tools];
  const hubs: McpHub[] = [];
  const toolSets: ToolSet[] = [];
  for (const source of list as AgentToolSource[]) {
    if (isHub(source)) hubs.push(source);
    else toolSets.push(source);
  }
  return { hubs, toolSets };
}

function isHub(source: AgentToolSource): source is McpHub {
  const candidate = source as Partial<McpHub>;
  return typeof candidate.callTool === 'function' && typeof candidate.listTools === 'function' && 'ready' in candidate;
}

/**
 * @internal The tools offered to the model now, by name: every hub tool, or, when the hubs hold more than the
 * budget, the search meta-tools plus the tools found so far; then the tool sets' tools.
 */
export async function collectAgentTools(sources: ToolSources, discovered: readonly string[]): Promise<Map<string, AgentTool>> {
  const offered = new Map<string, AgentTool>();
  const hubTools = new Map<string, AgentTool>();
  const lists = await Promise.all(sources.hubs.map(async (hub) => ({ hub, tools: await hub.listTools() })));
  for (const { hub, tools } of lists) {
    for (const tool of tools) {
      hubTools.set(
        tool.name,
        toAgentToolFromHub(hub, tool, { media: sources.media, router: sources.router, model: sources.model }),
      );
    }
  }
  const search = sources.toolSearch;
  if (search !== false && hubTools.size > search.budget) {
    for (const tool of createToolSearchTools({ hubs: sources.hubs, tools: hubTools, addFound: search.addFoundTools })) {
      offered.set(tool.name, tool);
    }
    if (search.addFoundTools) {
      for (const name of discovered) {
        const tool = hubTools.get(name);
        if (tool !== undefined) offered.set(name, tool);
      }
    }
  } else {
    for (const [name, tool] of hubTools) offered.set(name, tool);
  }
  for (const toolSet of sources.toolSets) {
    for (const tool of toAgentToolsFromToolSet(toolSet)) offered.set(tool.name, tool);
  }
  return offered;
}
