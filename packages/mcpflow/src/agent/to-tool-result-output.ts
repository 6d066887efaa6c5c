import type { CallToolResult } from '@modelcontextprotocol/client';
import type { ToolResultPart } from 'ai';

/** What the model sees of a tool call: the AI SDK's tool result output (what a tool's `toModelOutput` returns). */
export type ToolResultOutput = ToolResultPart['output'];

/** How media (images, audio) in tool results reach the model. */
export type ToolMediaPolicy = 'send' | 'describe';

type ContentPart = Extract<ToolResultOutput, { type: 'content' }>['value'][number];
type Block = CallToolResult['content'][number];

/**
 * @internal Turns an MCP tool result into what the model sees (an AI SDK `ToolResultOutput`, the same shape a tool's
 * `toModelOutput` returns): structured results as JSON, a lone text block as text, anything with media as content
 * parts (images and audio as base64 file parts, for models that take them; `describe` replaces them with a note).
 * Replace with the shared hub adapter's conversion once it lands in `client/adapters/`.
 */
export function toToolResultOutput(result: CallToolResult, media: ToolMediaPolicy, isError = false): ToolResultOutput {
  const blocks = result.content ?? [];
  if (isError) return { type: 'error-text', value: blocks.map(describeBlock).join('\n') || 'the tool reported an error' };
  if (result.structuredContent !== undefined) return { type: 'json', value: toJsonValue(result.structuredContent) };
  const only = blocks[0];
  if (blocks.length === 1 && only?.type === 'text') return { type: 'text', value: only.text };
  const parts = blocks.map((block) => toContentPart(block, media));
  return { type: 'content', value: parts };
}

function toContentPart(block: Block, media: ToolMediaPolicy): ContentPart {
  if ((block.type === 'image' || block.type === 'audio') && media === 'send') {
    return { type: 'file', mediaType: block.mimeType, data: { type: 'data', data: block.data } };
  }
  if (block.type === 'resource' && 'blob' in block.resource && media === 'send') {
    const mediaType = block.resource.mimeType ?? 'application/octet-stream';
    if (mediaType.startsWith('image/') || mediaType.startsWith('audio/')) {
      return { type: 'file', mediaType, data: { type: 'data', data: block.resource.blob } };
    }
  }
  return { type: 'text', text: describeBlock(block) };
}

/** A block as text: text itself, a resource's text or URI, or a note naming the media it replaces. */
export function describeBlock(block: Block): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
    case 'audio':
      return `[${block.type} ${block.mimeType}, ${Math.floor((block.data.length * 3) / 4)} bytes]`;
    case 'resource_link':
      return `[resource ${block.uri}${block.description === undefined ? '' : `: ${block.description}`}]`;
    case 'resource': {
      const resource = block.resource;
      if ('text' in resource && typeof resource.text === 'string') return resource.text;
      return `[resource ${resource.uri} (${resource.mimeType ?? 'binary'})]`;
    }
    default:
      return JSON.stringify(block);
  }
}

/** A short, one-line summary of what a tool call produced, for people watching the run. */
export function summarizeOutput(output: ToolResultOutput, limit = 200): string {
  const text = (() => {
    switch (output.type) {
      case 'text':
      case 'error-text':
        return output.value;
      case 'json':
      case 'error-json':
        return JSON.stringify(output.value);
      case 'execution-denied':
        return `denied${output.reason === undefined ? '' : `: ${output.reason}`}`;
      case 'content':
        return output.value
          .map((part) => (part.type === 'text' ? part.text : part.type === 'file' ? `[${part.mediaType}]` : `[${part.type}]`))
          .join(' ');
    }
  })();
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

/** Any value as plain JSON (bytes as base64, drops what JSON cannot carry), so that results survive snapshots. */
export function toJsonValue(value: unknown): Extract<ToolResultOutput, { type: 'json' }>['value'] {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, toJsonReplacer));
}

function toJsonReplacer(_key: string, value: unknown): unknown {
  // Buffers reach the replacer already as { type: 'Buffer', data: [...] } (their toJSON runs first).
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer') {
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) return Buffer.from(data).toString('base64');
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  return value;
}
