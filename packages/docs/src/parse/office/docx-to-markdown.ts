import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { McpflowError } from 'mcpflow';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import type { ConvertedDocument, ParsedPage } from '../parsed-document.ts';
import { markPageBreaks, splitMarkedPages } from './docx-page-breaks.ts';
import { readCoreProperties } from './read-core-properties.ts';
import { readZip } from './read-zip.ts';

const converter = new NodeHtmlMarkdown({ keepDataImages: false, bulletMarker: '-' });

/**
 * @internal A Word document as Markdown: mammoth maps its styles to HTML (headings, lists, tables, emphasis, links;
 * images become their alt text), node-html-markdown writes the Markdown. DOCX has no fixed pagination: pages are cut
 * where the file says one starts (explicit page and section breaks, and where Word last rendered a break).
 */
export async function docxToMarkdown(bytes: Uint8Array): Promise<ConvertedDocument> {
  const entries = readZip(bytes, 'DOCX');
  if (!entries.has('word/document.xml'))
    throw new McpflowError('INVALID_INPUT', 'cannot read the DOCX file: it has no word/document.xml');
  const marked = markPageBreaks(entries);
  // mammoth reads the package itself: hand it one whose document.xml carries the page markers (stored, not deflated).
  const input =
    marked === undefined
      ? bytes
      : zipSync({ ...Object.fromEntries(entries), 'word/document.xml': new TextEncoder().encode(marked) }, { level: 0 });
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) },
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
  const translated = converter
    .translate(html)
    .replace(/!\[([^\]]*)\]\(\)/g, '$1')
    .trim();
  const pages: ParsedPage[] = (marked === undefined ? [translated] : splitMarkedPages(translated)).map((text, index) => ({
    number: index + 1,
    markdown: text,
  }));
  const markdown = pages
    .map((page) => page.markdown)
    .filter((text) => text !== '')
    .join('\n\n');
  const metadata = readCoreProperties(entries);
  const title = metadata.title ?? /^#{1,6}\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  return { markdown, pages, title, metadata: { ...metadata, pageCount: pages.length } };
}
