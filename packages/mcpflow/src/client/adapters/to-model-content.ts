import { isDeepStrictEqual } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/client';

/** One part of a tool result as a model sees it: text, or a file (image, audio, blob) with its media type. */
export type ModelContentPart =
  | { type: 'text'; text: string }
  | { type: 'file'; mediaType: string; data: { type: 'data'; data: string }; filename?: string };

/** How binary content (images, audio, blob resources) reaches the model. */
export type MediaHandling = 'file' | 'text';

type ContentBlock = CallToolResult['content'][number];

function sizeOf(base64: string): string {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((base64.length * 3) / 4) - padding;
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

function binary(mediaType: string, data: string, media: MediaHandling, label: string): ModelContentPart {
  if (media === 'file') return { type: 'file', mediaType, data: { type: 'data', data } };
  return { type: 'text', text: `[${label}: ${mediaType}, ${sizeOf(data)}, not shown]` };
}

function toPart(block: ContentBlock, media: MediaHandling): ModelContentPart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image':
      return binary(block.mimeType, block.data, media, 'image');
    case 'audio':
      return binary(block.mimeType, block.data, media, 'audio');
    case 'resource_link': {
      const details = [block.mimeType, block.description].filter((value) => value !== undefined).join(' — ');
      return { type: 'text', text: `[resource link: ${block.name} <${block.uri}>${details === '' ? '' : ` ${details}`}]` };
    }
    case 'resource': {
      const { resource } = block;
      if ('text' in resource) return { type: 'text', text: `[resource <${resource.uri}>]\n${resource.text}` };
      const mediaType = resource.mimeType ?? 'application/octet-stream';
      // Providers reject file parts of types they do not read (a zip, say), failing the whole request.
      const readable = /^(image|audio)\//.test(mediaType) || mediaType === 'application/pdf';
      const part = binary(mediaType, resource.blob, readable ? media : 'text', `resource <${resource.uri}>`);
      return part.type === 'file' ? { ...part, filename: resource.uri } : part;
    }
    default:
      // A content type newer than this SDK: hand the model its JSON rather than dropping it.
      return { type: 'text', text: JSON.stringify(block) };
  }
}

/** @internal Whether a block is a text block carrying `structured` as JSON (servers are asked to mirror it). */
export function mirrorsStructured(block: ContentBlock, structured: unknown): boolean {
  if (block.type !== 'text') return false;
  try {
    return isDeepStrictEqual(JSON.parse(block.text), structured);
  } catch {
    return false;
  }
}

/**
 * Turns an MCP tool result into model content, keeping every block in order: text as text; images, audio and
 * image, audio or PDF blob resources as files with their media type (or, with `media: 'text'`, a one-line
 * placeholder for models that take no files in tool results; other blobs always get the placeholder, as providers
 * reject file types they do not read); resource links and text resources as text naming their URI. `structuredContent` is
 * added as JSON text unless a text block already carries the same value (servers are asked to mirror it).
 */
export function toModelContent(result: CallToolResult, media: MediaHandling = 'file'): ModelContentPart[] {
  const parts = result.content.map((block) => toPart(block, media));
  const structured = result.structuredContent;
  if (structured !== undefined && !result.content.some((block) => mirrorsStructured(block, structured))) {
    parts.push({ type: 'text', text: JSON.stringify(structured) });
  }
  return parts;
}
