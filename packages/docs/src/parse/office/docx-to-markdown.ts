import mammoth from 'mammoth';
import { McpflowError } from 'mcpflow';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import type { ConvertedDocument } from '../parsed-document.ts';
import { readCoreProperties } from './read-core-properties.ts';
import { readZip } from './read-zip.ts';

const converter = new NodeHtmlMarkdown({ keepDataImages: false, bulletMarker: '-' });

/**
 * @internal A Word document as Markdown: mammoth maps its styles to HTML (headings, lists, tables, emphasis, links;
 * images become their alt text), node-html-markdown writes the Markdown. One page: DOCX has no fixed pagination.
 */
export async function docxToMarkdown(bytes: Uint8Array): Promise<ConvertedDocument> {
  const entries = readZip(bytes, 'DOCX');
  if (!entries.has('word/document.xml'))
    throw new McpflowError('INVALID_INPUT', 'cannot read the DOCX file: it has no word/document.xml');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    throw new McpflowError(
      'INVALID_INPUT',
      `cannot read the DOCX file: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const markdown = converter
    .translate(html)
    .replace(/!\[([^\]]*)\]\(\)/g, '$1')
    .trim();
  const metadata = readCoreProperties(entries);
  const title = metadata.title ?? /^#{1,6}\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  return { markdown, title, metadata };
}
