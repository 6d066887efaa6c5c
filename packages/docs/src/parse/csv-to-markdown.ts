import Papa from 'papaparse';

/** @internal A CSV file as a Markdown table: the first row is the header; pipes and line breaks in cells are escaped. */
export function csvToMarkdown(csv: string): string {
  const { data } = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true });
  const [header, ...rows] = data;
  if (header === undefined) return '';
  const width = header.length;
  const cell = (value: string | undefined) => (value ?? '').replaceAll('|', '\\|').replace(/\r?\n/g, ' ').trim();
  const line = (row: string[]) => `| ${Array.from({ length: width }, (_, index) => cell(row[index])).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
