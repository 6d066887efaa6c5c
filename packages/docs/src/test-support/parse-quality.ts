/** Words of a text for order comparisons: lower case, Markdown syntax and punctuation stripped. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/<!--.*?-->/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Length of the longest common subsequence of two word lists (two rows of the table, so memory stays small). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        a[i - 1] === b[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/**
 * Reading-order accuracy: the longest common subsequence of the truth's words and the output's words, over the
 * truth's word count. 1 when every word comes out in order; text read in the wrong order scores low even when every
 * word is there.
 */
export function readingOrderAccuracy(truth: readonly string[], output: string): number {
  const expected = wordsOf(truth.join(' '));
  return expected.length === 0 ? 1 : lcsLength(expected, wordsOf(output)) / expected.length;
}

/** How many of `spans` appear whole (whitespace normalised) in `output`: paragraphs not broken or interleaved. */
export function intactSpans(spans: readonly string[], output: string): number {
  const flat = output.replace(/\s+/g, ' ');
  return spans.filter((span) => flat.includes(span.replace(/\s+/g, ' '))).length;
}

/** The GitHub-flavoured Markdown tables of a text, each as rows of cells (the separator row dropped). */
export function markdownTables(markdown: string): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (current === undefined) {
      current = [];
      tables.push(current);
    }
    const cells = trimmed
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll('\\|', '|'));
    if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
    current.push(cells);
  }
  return tables;
}

/**
 * Table-cell accuracy: the share of the truth's cells found with the same text at the same row and column of the
 * best-matching Markdown table in `output` (0 when it has none).
 */
export function tableCellAccuracy(truth: readonly (readonly string[])[], output: string): number {
  const total = truth.reduce((sum, row) => sum + row.length, 0);
  let best = 0;
  for (const table of markdownTables(output)) {
    let matched = 0;
    for (const [r, row] of truth.entries()) for (const [c, cell] of row.entries()) if (table[r]?.[c] === cell) matched += 1;
    best = Math.max(best, matched);
  }
  return total === 0 ? 1 : best / total;
}
