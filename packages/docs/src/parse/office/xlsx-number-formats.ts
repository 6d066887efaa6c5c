import { attributeOf, findAll, parseXml } from './xml-nodes.ts';

/** @internal Each cell style's number format (by style index), and the workbook's date system. */
export interface CellStyles {
  formats: Array<{ id: number; code: string }>;
  date1904: boolean;
}

/** Built-in number formats that are dates or times (ECMA-376 §18.8.30). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const BUILT_IN_PERCENT = new Set([9, 10]);

/** @internal Reads `xl/styles.xml`: the number format of every cell style. */
export function readCellStyles(xml: string | undefined, date1904: boolean): CellStyles {
  if (xml === undefined) return { formats: [], date1904 };
  const nodes = parseXml(xml);
  const codes = new Map<number, string>();
  for (const format of findAll(nodes, 'numFmt'))
    codes.set(Number(attributeOf(format, 'numFmtId')), attributeOf(format, 'formatCode') ?? '');
  const cellXfs = findAll(nodes, 'cellXfs')[0];
  const formats = (cellXfs === undefined ? [] : findAll([cellXfs], 'xf')).map((xf) => {
    const id = Number(attributeOf(xf, 'numFmtId') ?? 0);
    return { id, code: codes.get(id) ?? '' };
  });
  return { formats, date1904 };
}

/** A custom format is a date when it has date or time letters outside quoted text and brackets. */
function isDateCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dy]|h|s/i.test(bare) && !/^[#0.,%\s]+$/.test(bare);
}

/** @internal A number as the cell shows it, roughly: dates as ISO 8601, percentages with `%`, others as they are. */
export function formatNumber(value: number, style: number, styles: CellStyles): string {
  if (!Number.isFinite(value)) return '';
  const format = styles.formats[style] ?? { id: 0, code: '' };
  if (BUILT_IN_DATES.has(format.id) || (format.code !== '' && isDateCode(format.code))) {
    const epoch = styles.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    const date = new Date(epoch + Math.round(value * 86_400_000));
    const iso = date.toISOString();
    return Number.isInteger(value) ? iso.slice(0, 10) : value < 1 ? iso.slice(11, 19) : iso.slice(0, 19);
  }
  if (BUILT_IN_PERCENT.has(format.id) || format.code.includes('%')) return `${Number((value * 100).toPrecision(12))}%`;
  return String(Number(value.toPrecision(15)));
}
