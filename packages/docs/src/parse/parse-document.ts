import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { McpflowError } from 'mcpflow';
import { csvToMarkdown } from './csv-to-markdown.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';

/** One page of a parsed document (formats without pages have one). */
export interface ParsedPage {
  /** Counted from 1. */
  number: number;
  markdown: string;
}

/** A document turned into Markdown, with its pages and what is known about it. */
export interface ParsedDocument {
  markdown: string;
  pages: ParsedPage[];
  title: string | undefined;
  mediaType: string;
  /** SHA-256 of the original bytes, hex: the key of incremental re-indexing. */
  sha256: string;
  bytes: number;
}

/** What to parse: the bytes, and a name (or an explicit media type) to tell the format by. */
export interface DocumentInput {
  bytes: Uint8Array;
  name: string;
  mediaType?: string;
}

const mediaTypes: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
};

/** The media type of a file name, or `undefined` when the format is not supported. */
export function mediaTypeOf(name: string): string | undefined {
  return mediaTypes[extname(name).toLowerCase()];
}

/**
 * Parses a document into Markdown. Supported now: Markdown, plain text, HTML (main content only, as Readability finds
 * it) and CSV (as a Markdown table). Other formats fail with `INVALID_INPUT` naming the format.
 *
 * @example
 * ```ts
 * const parsed = await parseDocument({ bytes: await readFile('guide.html'), name: 'guide.html' })
 * console.log(parsed.title, parsed.markdown)
 * ```
 */
export async function parseDocument(input: DocumentInput): Promise<ParsedDocument> {
  const mediaType = input.mediaType ?? mediaTypeOf(input.name);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input.bytes);
  let markdown: string;
  let title: string | undefined;
  switch (mediaType) {
    case 'text/markdown':
    case 'text/plain':
      markdown = text.replace(/\r\n?/g, '\n');
      title = firstHeading(markdown);
      break;
    case 'text/html': {
      const converted = htmlToMarkdown(text);
      markdown = converted.markdown;
      title = converted.title ?? firstHeading(markdown);
      break;
    }
    case 'text/csv':
      markdown = csvToMarkdown(text);
      title = undefined;
      break;
    default:
      throw new McpflowError(
        'INVALID_INPUT',
        `cannot parse "${input.name}": format ${mediaType ?? (extname(input.name) || 'unknown')} is not supported yet`,
        {
          data: { name: input.name, mediaType },
        },
      );
  }
  return {
    markdown,
    pages: [{ number: 1, markdown }],
    title,
    mediaType,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    bytes: input.bytes.byteLength,
  };
}

function firstHeading(markdown: string): string | undefined {
  return /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
}
