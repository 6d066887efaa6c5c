import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { McpflowError } from 'mcpflow';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { imageMarkdown } from '../image-markdown.ts';
import type { ConvertedDocument, PageImage, ParsedPage } from '../parsed-document.ts';
import { markPageBreaks, splitMarkedPages } from './docx-page-breaks.ts';
import { readCoreProperties } from './read-core-properties.ts';
import { readZip } from './read-zip.ts';

const converter = new NodeHtmlMarkdown({ keepDataImages: false, bulletMarker: '-' });

/**
 * @internal A Word document as Markdown: mammoth maps its styles to HTML (headings, lists, tables, emphasis, links,
 * images as references to their package part with their description), node-html-markdown writes the Markdown. DOCX has no fixed pagination: pages are cut
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
  const images: PageImage[] = [];
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) },
      {
        // Each image becomes a numbered placeholder (empty alt: node-html-markdown would escape it its own way),
        // replaced below by a reference to its part, once the pages are known.
        convertImage: mammoth.images.imgElement(async (image) => {
          const data = await image.read();
          const alt = (image as { altText?: string }).altText?.trim();
          images.push({
            source: mediaPartOf(entries, data) ?? `#image-${images.length + 1}`,
            ...(alt === undefined || alt === '' ? {} : { alt }),
            ...(image.contentType === undefined ? {} : { mediaType: image.contentType }),
            bytes: data.byteLength,
          });
          return { src: `mcpflow-image:${images.length - 1}`, alt: '' };
        }),
      },
    );
    html = result.value;
  } catch (error) {
    throw new McpflowError(
      'INVALID_INPUT',
      `cannot read the DOCX file: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const translated = converter.translate(html).trim();
  const pages = (marked === undefined ? [translated] : splitMarkedPages(translated)).map((text, index): ParsedPage => {
    const onPage: PageImage[] = [];
    const markdown = text.replace(/!\[\]\(mcpflow-image:(\d+)\)/g, (_, position: string) => {
      const image = images[Number(position)] as PageImage;
      onPage.push(image);
      return imageMarkdown(image.alt, image.source);
    });
    return { number: index + 1, markdown, ...(onPage.length === 0 ? {} : { images: onPage }) };
  });
  const markdown = pages
    .map((page) => page.markdown)
    .filter((text) => text !== '')
    .join('\n\n');
  const metadata = readCoreProperties(entries);
  const title = metadata.title ?? /^#{1,6}\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  return { markdown, pages, title, metadata: { ...metadata, pageCount: pages.length } };
}

/** The package part holding these image bytes (`word/media/image1.png`), found by content. */
function mediaPartOf(entries: ReadonlyMap<string, Uint8Array>, data: Uint8Array): string | undefined {
  for (const [path, bytes] of entries) {
    if (bytes.byteLength === data.byteLength && path.startsWith('word/') && Buffer.compare(bytes, data) === 0) return path;
  }
  return undefined;
}
