import { McpflowError } from 'mcpflow';
import type { ConvertedDocument, ParsedPage } from '../parsed-document.ts';
import { tableToMarkdown } from '../table-to-markdown.ts';
import { readCoreProperties } from './read-core-properties.ts';
import { readRelationships } from './read-relationships.ts';
import { entryText, readZip } from './read-zip.ts';
import { type CellStyles, formatNumber, readCellStyles } from './xlsx-number-formats.ts';
import { attributeOf, childOf, childrenOf, findAll, parseXml, pathOf, tagOf, textOf, type XmlNode } from './xml-nodes.ts';

/** A cell reference's column ("AB12" → 27, counted from 0). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const letter of /^[A-Z]+/i.exec(reference)?.[0].toUpperCase() ?? 'A') index = index * 26 + letter.charCodeAt(0) - 64;
  return index - 1;
}

function sharedStrings(entries: ReadonlyMap<string, Uint8Array>, path: string | undefined): string[] {
  const xml = path === undefined ? undefined : entryText(entries, path);
  if (xml === undefined) return [];
  // A string item is its text, or its rich-text runs' texts (phonetic hints excluded).
  return findAll(parseXml(xml), 'si').map((item) =>
    childrenOf(item)
      .filter((child) => tagOf(child) === 't' || tagOf(child) === 'r')
      .map(textOf)
      .join(''),
  );
}

function cellValue(cell: XmlNode, strings: readonly string[], styles: CellStyles): string {
  const type = attributeOf(cell, 't') ?? 'n';
  const value = childOf(cell, 'v');
  const raw = value === undefined ? '' : textOf(value);
  switch (type) {
    case 's':
      return strings[Number(raw)] ?? '';
    case 'inlineStr':
      return textOf(childOf(cell, 'is') ?? {});
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
    case 'str':
    case 'e':
    case 'd':
      return raw;
    default:
      return raw === '' ? '' : formatNumber(Number(raw), Number(attributeOf(cell, 's') ?? 0), styles);
  }
}

/** A worksheet's used range as rows of cell texts (cached formula results; dates as ISO 8601). */
function sheetRows(xml: string, strings: readonly string[], styles: CellStyles): string[][] {
  const grid: string[][] = [];
  const data = pathOf(parseXml(xml), 'worksheet', 'sheetData');
  for (const [position, row] of (data === undefined ? [] : childrenOf(data).filter((node) => tagOf(node) === 'row')).entries()) {
    const rowIndex = Number(attributeOf(row, 'r') ?? position + 1) - 1;
    const cells: string[] = [];
    for (const [column, cell] of childrenOf(row)
      .filter((node) => tagOf(node) === 'c')
      .entries()) {
      const reference = attributeOf(cell, 'r');
      cells[reference === undefined ? column : columnIndex(reference)] = cellValue(cell, strings, styles)
        .replace(/\s+/g, ' ')
        .trim();
    }
    grid[rowIndex] = cells;
  }
  const rows = Array.from(grid, (row) => Array.from(row ?? [], (cell) => cell ?? ''));
  const used = (row: string[]) => row.some((cell) => cell !== '');
  const first = rows.findIndex(used);
  if (first < 0) return [];
  const trimmed = rows.slice(first, rows.findLastIndex(used) + 1);
  const left = Math.min(...trimmed.filter(used).map((row) => row.findIndex((cell) => cell !== '')));
  const right = Math.max(...trimmed.map((row) => row.findLastIndex((cell) => cell !== '')));
  return trimmed.map((row) => Array.from({ length: right - left + 1 }, (_, index) => row[left + index] ?? ''));
}

/**
 * @internal An Excel workbook as Markdown, one page and one `##` section per sheet in workbook order, each sheet's
 * used range as a table (its first row as the header). Formulas show their cached results; date-formatted numbers
 * are ISO dates; percentages keep their percent sign.
 */
export function xlsxToMarkdown(bytes: Uint8Array): ConvertedDocument {
  const entries = readZip(bytes, 'XLSX');
  const workbook = entryText(entries, 'xl/workbook.xml');
  if (workbook === undefined) throw new McpflowError('INVALID_INPUT', 'cannot read the XLSX file: it has no xl/workbook.xml');
  const workbookNodes = parseXml(workbook);
  const relationships = readRelationships(entries, 'xl/workbook.xml');
  const byType = (suffix: string) => [...relationships.values()].find((relationship) => relationship.type.endsWith(suffix))?.path;
  const strings = sharedStrings(entries, byType('/sharedStrings'));
  const properties = findAll(workbookNodes, 'workbookPr')[0];
  const date1904 = properties !== undefined && ['1', 'true'].includes(attributeOf(properties, 'date1904') ?? '');
  const styles = readCellStyles(entryText(entries, byType('/styles') ?? ''), date1904);
  const pages: ParsedPage[] = [];
  for (const sheet of findAll(workbookNodes, 'sheet')) {
    const name = attributeOf(sheet, 'name') ?? `Sheet ${pages.length + 1}`;
    const path = relationships.get(attributeOf(sheet, 'r:id') ?? '')?.path;
    const xml = path === undefined ? undefined : entryText(entries, path);
    if (xml === undefined) continue;
    const rows = sheetRows(xml, strings, styles);
    const markdown = rows.length === 0 ? `## ${name}` : `## ${name}\n\n${tableToMarkdown(rows)}`;
    pages.push({ number: pages.length + 1, markdown, title: name });
  }
  const metadata = { ...readCoreProperties(entries), pageCount: pages.length };
  return { markdown: pages.map((page) => page.markdown).join('\n\n'), pages, title: metadata.title, metadata };
}
