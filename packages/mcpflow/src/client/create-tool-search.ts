import MiniSearch from 'minisearch';
import type { HubTool } from './build-catalog.ts';

/** One tool found by `searchTools`, best first. */
export interface ToolSearchHit {
  tool: HubTool;
  /** BM25 score; only meaningful relative to the other hits of the same search. */
  score: number;
}

/** Options for `hub.searchTools`. */
export interface ToolSearchOptions {
  /** How many tools to return at most. @default 5 */
  limit?: number;
}

interface ToolDocument {
  id: string;
  name: string;
  description: string;
  parameters: string;
}

/** Splits `get-sum`, `read_text_file`, `createIssue` and `server__tool` into words, lower case. */
export function tokenizeIdentifier(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

function parameterNames(tool: HubTool): string {
  const properties = tool.inputSchema.properties;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties).join(' ') : '';
}

/**
 * Indexes tools for a task description: BM25 (MiniSearch's BM25+) over the tool name, description and parameter
 * names, with prefix and light fuzzy matching so "summing" finds `get-sum`. The name counts twice as much as the rest.
 */
export function createToolSearch(tools: Iterable<HubTool>): (task: string, options?: ToolSearchOptions) => ToolSearchHit[] {
  const byId = new Map<string, HubTool>();
  const index = new MiniSearch<ToolDocument>({
    fields: ['name', 'description', 'parameters'],
    tokenize: tokenizeIdentifier,
    searchOptions: { boost: { name: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  });
  const documents: ToolDocument[] = [];
  for (const tool of tools) {
    byId.set(tool.name, tool);
    documents.push({
      id: tool.name,
      name: `${tool.serverToolName} ${tool.name}`,
      description: `${tool.definition.title ?? ''} ${tool.description ?? ''}`,
      parameters: parameterNames(tool),
    });
  }
  index.addAll(documents);
  return (task, options = {}) => {
    const hits: ToolSearchHit[] = [];
    for (const result of index.search(task).slice(0, options.limit ?? 5)) {
      const tool = byId.get(String(result.id));
      if (tool !== undefined) hits.push({ tool, score: result.score });
    }
    return hits;
  };
}
