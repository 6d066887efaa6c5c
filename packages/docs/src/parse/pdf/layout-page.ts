import type { DraftBlock, LayoutItem } from './build-blocks.ts';
import { buildBlocks } from './build-blocks.ts';
import { findAlignedTables } from './find-aligned-tables.ts';
import { type Fragment, median, type TableRegion, type TextRun, unionOf } from './layout-types.ts';
import { orderReading } from './order-reading.ts';

/**
 * @internal One page's layout, once its ruled tables are known and its running headers and footers are gone:
 * unruled tables from alignment, reading order by XY-cut (tables placed whole), then blocks; rotated runs last.
 */
export function layoutPage(
  fragments: readonly Fragment[],
  ruledTables: readonly TableRegion[],
  pageWidth: number,
  rotated: readonly TextRun[] = [],
): DraftBlock[] {
  const { tables: alignedTables, rest } = findAlignedTables(fragments, pageWidth);
  const size = median(rest.map((fragment) => fragment.size)) || 10;
  const items: LayoutItem[] = [
    ...rest.map((fragment) => ({
      x0: fragment.x0,
      y0: fragment.y0,
      x1: fragment.x1,
      y1: fragment.y1,
      size: fragment.size,
      fragment,
    })),
    ...[...ruledTables, ...alignedTables].map((table) => ({
      x0: table.x0,
      y0: table.y0,
      x1: table.x1,
      y1: table.y1,
      size,
      table,
    })),
  ];
  const blocks = buildBlocks(orderReading(items));
  if (rotated.length > 0) {
    // Rotated text (margin stamps, vertical labels) has no place in the line order: it goes last, in stream order.
    const text = rotated.map((run) => run.text.trim()).join(' ');
    blocks.push({
      kind: 'paragraph',
      text,
      size: median(rotated.map((run) => run.size)),
      lines: 1,
      bold: false,
      rotated: true,
      ...unionOf(rotated),
    });
  }
  return blocks;
}
