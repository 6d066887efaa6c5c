import { continues, joinLines } from './join-lines.ts';
import type { PageBlock } from './layout-types.ts';

const BULLET = /^[•◦▪▫●○■□‣⁃*–-]\s+/;

function blockMarkdown(block: PageBlock): string {
  if (block.kind === 'heading') return `${'#'.repeat(block.level ?? 1)} ${block.text}`;
  if (block.kind === 'list-item') return block.text.replace(BULLET, '- ');
  if (block.kind === 'code') return `\`\`\`\n${block.text}\n\`\`\``;
  return block.text;
}

/** @internal A page's blocks as Markdown: headings with `#`s, bullets as `-` items, tables as GFM tables, code fenced. */
export function blocksToMarkdown(blocks: readonly PageBlock[]): string {
  return blocks.map(blockMarkdown).join('\n\n');
}

/**
 * @internal The whole document's Markdown: pages in order, each after a `<!-- page N -->` marker. A paragraph that runs
 * on over a page break is joined whole before the marker of the page it ends on (its page blocks stay split).
 */
export function documentMarkdown(pages: ReadonlyArray<{ number: number; blocks: readonly PageBlock[] }>): string {
  const parts: string[] = [];
  let last: PageBlock | undefined;
  for (const page of pages) {
    let blocks = page.blocks;
    const first = blocks[0];
    if (
      last?.kind === 'paragraph' &&
      first?.kind === 'paragraph' &&
      Math.abs(first.fontSize - last.fontSize) < 0.5 &&
      continues(last.text, first.text)
    ) {
      last = { ...last, text: joinLines(last.text, first.text) };
      parts[parts.length - 1] = last.text;
      blocks = blocks.slice(1);
    }
    parts.push(`<!-- page ${page.number} -->`);
    for (const block of blocks) parts.push(blockMarkdown(block));
    last = blocks.at(-1) ?? last;
  }
  return parts.join('\n\n');
}
