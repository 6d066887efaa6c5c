import type { CallToolResult } from '@modelcontextprotocol/client';
import type { JSONValue, ToolResultPart } from 'ai';
import { type MediaHandling, mirrorsStructured, toModelContent } from './to-model-content.ts';

/** What the model sees of a tool call: the AI SDK's tool result output (what a tool's `toModelOutput` returns). */
export type ToolResultOutput = ToolResultPart['output'];

/**
 * @internal The one conversion of an MCP tool result into an AI SDK tool result output, shared by `toAiSdkTools`
 * and the agent. Blocks become parts by `toModelContent`; then the output takes the plainest form that loses
 * nothing, because providers differ in what they accept: OpenAI chat completions and OpenAI-compatible servers
 * send `content` outputs as JSON of the parts, so text-only results go as one `text` output (blocks joined by
 * newlines), a result that is its `structuredContent` (no content, or only text mirroring it) as `json`, and only
 * results with files as `content`. `isError` results become `error-text`, with media as placeholders.
 */
export function toToolResultOutput(result: CallToolResult, media: MediaHandling): ToolResultOutput {
  const content = result.content ?? [];
  const structured = result.structuredContent;
  if (result.isError === true) {
    const text = joinText(toModelContent({ ...result, content }, 'text'));
    return { type: 'error-text', value: text === '' ? 'the tool reported an error' : text };
  }
  if (structured !== undefined && content.every((block) => mirrorsStructured(block, structured))) {
    return { type: 'json', value: structured as JSONValue };
  }
  const parts = toModelContent({ ...result, content }, media);
  if (parts.every((part) => part.type === 'text')) return { type: 'text', value: joinText(parts) };
  return { type: 'content', value: parts };
}

function joinText(parts: ReturnType<typeof toModelContent>): string {
  return parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
