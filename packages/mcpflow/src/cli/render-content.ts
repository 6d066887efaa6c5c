/** The content block shapes MCP results carry (tool results, prompt messages, resource contents). */
interface ContentLike {
  type?: string | undefined;
  text?: string | undefined;
  data?: string | undefined;
  blob?: string | undefined;
  mimeType?: string | undefined;
  uri?: string | undefined;
  name?: string | undefined;
  resource?: ContentLike | undefined;
}

const bytesOf = (base64: string) => Math.floor((base64.length * 3) / 4);

/** One content block as text for a terminal: text as is, binary as a placeholder that says what and how big. */
export function renderContent(block: ContentLike): string {
  if (typeof block.text === 'string') return block.text;
  if (block.type === 'image' || block.type === 'audio') {
    return `[${block.type} ${block.mimeType ?? ''}, ${bytesOf(block.data ?? '')} bytes; --json shows the data]`;
  }
  if (block.type === 'resource_link') return `[resource ${block.uri ?? ''}${block.name === undefined ? '' : ` (${block.name})`}]`;
  if (block.type === 'resource' && block.resource !== undefined) return renderContent(block.resource);
  if (typeof block.blob === 'string') {
    return `[${block.mimeType ?? 'binary'} ${block.uri ?? ''}, ${bytesOf(block.blob)} bytes; --json shows the data]`;
  }
  return JSON.stringify(block);
}

/** `text` ending in exactly one newline, so printed results neither run into the prompt nor gain a blank line. */
export function asLine(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A tool result for a terminal: its content blocks, or its structured content when it has no blocks. */
export function renderToolResult(result: { content?: unknown[]; structuredContent?: unknown }): string {
  const blocks = (result.content ?? []) as ContentLike[];
  if (blocks.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent, null, 2);
  return blocks.map(renderContent).join('\n');
}
