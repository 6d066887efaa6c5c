import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { imageMediaType } from './image-markdown.ts';
import type { PageImage } from './parsed-document.ts';

const converter = new NodeHtmlMarkdown({ keepDataImages: false });

/**
 * @internal The main content of an HTML page as Markdown: Readability drops navigation, headers, asides and footers
 * (keeping tables, code and images); its title, which it moves out of the article, is put back as the top heading.
 * Images stay references (`![alt](src)`); one inlined as a `data:` URI becomes `#image-N`, its bytes only counted.
 */
export function htmlToMarkdown(html: string): { markdown: string; title: string | undefined; images: PageImage[] } {
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as Document).parse();
  if (article?.content == null) {
    const title = document.querySelector('title')?.textContent?.trim() || undefined;
    const body = withImages(document.body?.innerHTML ?? html);
    return { markdown: converter.translate(body.html).trim(), title, images: body.images };
  }
  const content = withImages(article.content);
  const body = converter.translate(content.html).trim();
  const title = article.title?.trim() || undefined;
  const startsWithTitle = title !== undefined && body.startsWith(`# ${title}`);
  const markdown = title === undefined || startsWithTitle ? body : `# ${title}\n\n${body}`;
  return { markdown, title, images: content.images };
}

/** The content's images, in order, with `data:` sources replaced by `#image-N` (never inlined into the Markdown). */
function withImages(html: string): { html: string; images: PageImage[] } {
  if (!/<img\b/i.test(html)) return { html, images: [] };
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const images: PageImage[] = [];
  for (const element of document.querySelectorAll('img')) {
    const src = element.getAttribute('src')?.trim() ?? '';
    if (src === '') continue;
    const alt = element.getAttribute('alt')?.trim() || element.getAttribute('title')?.trim() || undefined;
    const described = alt === undefined ? {} : { alt };
    const inline = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(src);
    if (inline === null) {
      const mediaType = imageMediaType(src);
      images.push({ source: src, ...described, ...(mediaType === undefined ? {} : { mediaType }) });
      continue;
    }
    const source = `#image-${images.length + 1}`;
    const data = inline[3] ?? '';
    // Counted, not decoded: base64 carries 3 bytes per 4 characters, percent-encoding 1 per `%XX`.
    const bytes =
      inline[2] === undefined
        ? data.replace(/%[0-9a-f]{2}/gi, '_').length
        : Math.floor((data.replace(/[\s=]/g, '').length * 3) / 4);
    images.push({ source, ...described, ...(inline[1] === '' ? {} : { mediaType: inline[1] as string }), bytes });
    element.setAttribute('src', source);
  }
  return { html: document.body.innerHTML, images };
}
