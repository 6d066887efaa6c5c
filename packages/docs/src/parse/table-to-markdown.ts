/** @internal Cells as a GitHub-flavoured Markdown table: the first row is the header; pipes are escaped. */
export function tableToMarkdown(rows: readonly (readonly string[])[]): string {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const cell = (value: string | undefined) => (value ?? '').replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();
  const line = (row: readonly string[]) => `| ${Array.from({ length: width }, (_, index) => cell(row[index])).join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}
