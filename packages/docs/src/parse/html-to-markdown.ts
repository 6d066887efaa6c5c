import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { NodeHtmlMarkdown } from 'node-html-markdown';

const converter = new NodeHtmlMarkdown({ keepDataImages: false });

/**
 * @internal The main content of an HTML page as Markdown: Readability drops navigation, headers, asides and footers
 * (keeping tables and code); its title, which it moves out of the article, is put back as the top heading.
 */
export function htmlToMarkdown(html: string): { markdown: string; title: string | undefined } {
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as Document).parse();
  if (article?.content == null) {
    const title = document.querySelector('title')?.textContent?.trim() || undefined;
    return { markdown: converter.translate(document.body?.innerHTML ?? html).trim(), title };
  }
  const body = converter.translate(article.content).trim();
  const title = article.title?.trim() || undefined;
  const startsWithTitle = title !== undefined && body.startsWith(`# ${title}`);
  return { markdown: title === undefined || startsWithTitle ? body : `# ${title}\n\n${body}`, title };
}
