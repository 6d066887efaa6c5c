import type { PageBlock } from './layout-types.ts';

const BULLET = /^[•◦▪▫●○■□‣⁃*–-]\s+/;

/** @internal A page's blocks as Markdown: headings with `#`s, bullets as `-` items, tables as GFM tables. */
export function blocksToMarkdown(blocks: readonly PageBlock[]): string {
  return blocks
    .map((block) => {
      if (block.kind === 'heading') return `${'#'.repeat(block.level ?? 1)} ${block.text}`;
      if (block.kind === 'list-item') return block.text.replace(BULLET, '- ');
      return block.text;
    })
    .join('\n\n');
}
