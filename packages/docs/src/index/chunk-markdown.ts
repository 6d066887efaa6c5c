/** A piece of a document small enough to retrieve and quote, with where it sits. */
export interface Chunk {
  /** Position in the document, from 0. */
  ordinal: number;
  /** The headings above it, outermost first, joined with " > " (empty before the first heading). */
  heading: string;
  page: number;
  text: string;
}

/** Options for {@link chunkMarkdown}. */
export interface ChunkOptions {
  /** Target chunk size in characters; tables and code blocks are kept whole even when larger. @default 1200 */
  maxChars?: number;
}

interface Block {
  kind: 'heading' | 'table' | 'code' | 'list' | 'text';
  text: string;
  level: number;
}

/**
 * Splits Markdown into chunks along its structure: a heading starts a new chunk and names it, paragraphs are packed
 * up to `maxChars`, tables and fenced code are never cut, a list is cut only between items, and an overlong
 * paragraph is split between sentences. For paged documents use {@link chunkPages}.
 *
 * @example
 * ```ts
 * chunkMarkdown('# Guide\n\nIntro.\n\n## Install\n\nRun it.', { maxChars: 800 })
 * // [{ heading: 'Guide', text: 'Intro.' }, { heading: 'Guide > Install', text: 'Run it.' }] (with ordinal and page)
 * ```
 */
export function chunkMarkdown(markdown: string, page = 1, options: ChunkOptions = {}): Chunk[] {
  return chunkSection(markdown, page, options.maxChars ?? 1200, []);
}

/**
 * @internal Chunks one page, starting under `headings` (outermost first) and leaving in it the headings in force at
 * the end, so the next page can go on under them.
 */
export function chunkSection(markdown: string, page: number, maxChars: number, headings: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    const text = parts.join('\n\n').trim();
    if (text.length > 0) chunks.push({ ordinal: chunks.length, heading: headings.filter(Boolean).join(' > '), page, text });
    parts = [];
    size = 0;
  };
  for (const block of toBlocks(markdown)) {
    if (block.kind === 'heading') {
      flush();
      headings.length = block.level - 1;
      headings[block.level - 1] = block.text;
      continue;
    }
    const pieces =
      block.text.length <= maxChars
        ? [block.text]
        : block.kind === 'text'
          ? splitSentences(block.text, maxChars)
          : block.kind === 'list'
            ? splitItems(block.text, maxChars)
            : [block.text];
    for (const piece of pieces) {
      if (size > 0 && size + piece.length > maxChars) flush();
      parts.push(piece);
      size += piece.length + 2;
    }
  }
  flush();
  return chunks;
}

function toBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'text', text: paragraph.join('\n').trim(), level: 0 });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading !== null) {
      endParagraph();
      blocks.push({ kind: 'heading', text: heading[2] as string, level: (heading[1] as string).length });
    } else if (/^\s*(```|~~~)/.test(line)) {
      endParagraph();
      const fence = (line.trim().match(/^(```|~~~)/) as RegExpMatchArray)[1] as string;
      const code = [line];
      while (index + 1 < lines.length) {
        index += 1;
        code.push(lines[index] as string);
        if ((lines[index] as string).trim().startsWith(fence)) break;
      }
      blocks.push({ kind: 'code', text: code.join('\n'), level: 0 });
    } else if (/^\s*\|/.test(line)) {
      endParagraph();
      const table = [line];
      while (index + 1 < lines.length && /^\s*\|/.test(lines[index + 1] as string)) {
        index += 1;
        table.push(lines[index] as string);
      }
      blocks.push({ kind: 'table', text: table.join('\n'), level: 0 });
    } else if (listItem.test(line) && paragraph.length === 0) {
      const list = [line];
      while (index + 1 < lines.length && continuesList(lines[index + 1] as string, lines[index + 2])) {
        index += 1;
        list.push(lines[index] as string);
      }
      blocks.push({ kind: 'list', text: list.join('\n').trimEnd(), level: 0 });
    } else if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line);
    }
  }
  endParagraph();
  return blocks;
}

const listItem = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;

/** A line belongs to the list above when it is an item, indented, or a blank line between items. */
function continuesList(line: string, after: string | undefined): boolean {
  if (listItem.test(line) || /^\s{2,}\S/.test(line)) return true;
  return line.trim() === '' && after !== undefined && (listItem.test(after) || /^\s{2,}\S/.test(after));
}

/** Cuts an overlong list between top-level items. */
function splitItems(list: string, maxChars: number): string[] {
  const items: string[] = [];
  for (const line of list.split('\n')) {
    if (/^(?:[-*+]|\d{1,3}[.)])\s/.test(line) || items.length === 0) items.push(line);
    else items[items.length - 1] += `\n${line}`;
  }
  const pieces: string[] = [];
  let current = '';
  for (const item of items) {
    if (current.length > 0 && current.length + item.length + 1 > maxChars) {
      pieces.push(current);
      current = '';
    }
    current = current.length === 0 ? item : `${current}\n${item}`;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

function splitSentences(text: string, maxChars: number): string[] {
  const sentences = text.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current.length > 0 && current.length + sentence.length > maxChars) {
      pieces.push(current.trim());
      current = '';
    }
    current += sentence;
  }
  if (current.trim().length > 0) pieces.push(current.trim());
  return pieces;
}
