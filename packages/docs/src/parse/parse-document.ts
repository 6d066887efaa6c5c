import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { McpflowError } from 'mcpflow';
import { csvToMarkdown } from './csv-to-markdown.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';
import { docxToMarkdown } from './office/docx-to-markdown.ts';
import { pptxToMarkdown } from './office/pptx-to-markdown.ts';
import { xlsxToMarkdown } from './office/xlsx-to-markdown.ts';
import type { ConvertedDocument, DocumentInput, DocumentMetadata, ParsedDocument, ParseOptions } from './parsed-document.ts';
import { parsePdf } from './pdf/parse-pdf.ts';

const mediaTypes: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The media type of a file name, or `undefined` when the format is not supported. */
export function mediaTypeOf(name: string): string | undefined {
  return mediaTypes[extname(name).toLowerCase()];
}

async function convert(input: DocumentInput, mediaType: string | undefined, options: ParseOptions): Promise<ConvertedDocument> {
  const text = () => new TextDecoder('utf-8', { fatal: false }).decode(input.bytes);
  switch (mediaType) {
    case 'text/markdown':
    case 'text/plain': {
      const markdown = text().replace(/\r\n?/g, '\n');
      return { markdown, title: firstHeading(markdown) };
    }
    case 'text/html': {
      const { markdown, title, images } = htmlToMarkdown(text());
      const pages = images.length === 0 ? undefined : [{ number: 1, markdown, images }];
      return { markdown, title: title ?? firstHeading(markdown), ...(pages === undefined ? {} : { pages }) };
    }
    case 'text/csv':
      return { markdown: csvToMarkdown(text()), title: undefined };
    case 'application/pdf': {
      const parsed =
        options.pdfBackend === 'liteparse'
          ? await (await import('./pdf/parse-with-liteparse.ts')).parseWithLiteparse(input.bytes, options)
          : await parsePdf(input.bytes, options);
      return { ...parsed, title: parsed.metadata.title ?? firstHeading(parsed.markdown) };
    }
    case mediaTypes['.docx']:
      return docxToMarkdown(input.bytes);
    case mediaTypes['.pptx']:
      return pptxToMarkdown(input.bytes);
    case mediaTypes['.xlsx']:
      return xlsxToMarkdown(input.bytes);
    default:
      throw new McpflowError(
        'INVALID_INPUT',
        `cannot parse "${input.name}": format ${mediaType ?? (extname(input.name) || 'unknown')} is not supported yet`,
        { data: { name: input.name, mediaType } },
      );
  }
}

/**
 * Parses a document into Markdown, with its pages and metadata. Formats: PDF (pdf.js and a layout pass: reading
 * order across columns, ruled and aligned tables, headings by font size, running headers and footers removed,
 * de-hyphenation; optional OCR of scanned pages), DOCX (headings, lists, tables; pages cut at page and section breaks), PPTX (a section and page per slide,
 * tables, speaker notes), XLSX (a section and page per sheet, as a table), Markdown, plain text, HTML (main content only, as Readability finds
 * it) and CSV (as a Markdown table). Other formats fail with `INVALID_INPUT` naming the format; unreadable files fail
 * with `INVALID_INPUT` and the parser's error as `cause`.
 *
 * @example
 * ```ts
 * const parsed = await parseDocument({ bytes: await readFile('paper.pdf'), name: 'paper.pdf' })
 * console.log(parsed.title, parsed.metadata.pageCount, parsed.pages[0]?.blocks)
 * ```
 */
export async function parseDocument(input: DocumentInput, options: ParseOptions = {}): Promise<ParsedDocument> {
  const mediaType = input.mediaType ?? mediaTypeOf(input.name);
  const converted = await convert(input, mediaType, options);
  const pages = converted.pages ?? [{ number: 1, markdown: converted.markdown }];
  const metadata: DocumentMetadata = { ...converted.metadata, pageCount: converted.metadata?.pageCount ?? pages.length };
  if (converted.title !== undefined) metadata.title ??= converted.title;
  return {
    markdown: converted.markdown,
    pages,
    title: converted.title,
    mediaType: mediaType as string,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    bytes: input.bytes.byteLength,
    metadata,
  };
}

function firstHeading(markdown: string): string | undefined {
  return /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
}
