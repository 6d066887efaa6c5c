import type { DraftBlock, LayoutItem } from './build-blocks.ts';
import { buildBlocks } from './build-blocks.ts';
import { findAlignedTables } from './find-aligned-tables.ts';
import { type Fragment, median, type TableRegion } from './layout-types.ts';
import { orderReading } from './order-reading.ts';

/**
 * @internal One page's layout, once its ruled tables are known and its running headers and footers are gone:
 * unruled tables from alignment, reading order by XY-cut (tables placed whole), then blocks.
 */
export function layoutPage(fragments: readonly Fragment[], ruledTables: readonly TableRegion[], pageWidth: number): DraftBlock[] {
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
  return buildBlocks(orderReading(items));
}
