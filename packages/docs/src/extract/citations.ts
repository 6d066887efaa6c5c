/** Where a value was found: the page and a span quoted from it. */
export interface Citation {
  /** JSON Pointer (RFC 6901) to the cited value in the extracted data, e.g. `/items/0/price`. */
  path: string;
  page: number;
  /** Text copied from that page that states the value. */
  quote: string;
}

/** @internal Lower-cased, Markdown emphasis and table pipes dropped, whitespace collapsed: how quotes are matched. */
export function normalizeForQuote(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`|]+/g, ' ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** @internal JSON Pointers of every non-null scalar in `value` (array items and object members, recursively). */
export function leafPaths(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, `${path}/${index}`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, `${path}/${escapePointer(key)}`));
  return [path];
}

/** @internal Escapes one JSON Pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * @internal What is wrong with the citations of `data` against the pages: quotes not found on their page, and values
 * with no citation at or above them. Empty when every value is cited by a quote that occurs on its page.
 */
export function checkCitations(data: unknown, citations: readonly Citation[], pages: ReadonlyMap<number, string>): string[] {
  const problems: string[] = [];
  const verified: string[] = [];
  for (const citation of citations) {
    const page = pages.get(citation.page);
    const quote = normalizeForQuote(citation.quote);
    if (page === undefined) problems.push(`citation for ${citation.path} names page ${citation.page}, which was not given`);
    else if (quote.length === 0 || !page.includes(quote))
      problems.push(`the quote for ${citation.path} ("${citation.quote.slice(0, 80)}") does not occur on page ${citation.page}`);
    else verified.push(citation.path);
  }
  for (const leaf of leafPaths(data)) {
    const cited = verified.some((path) => leaf === path || leaf.startsWith(`${path}/`) || path === '');
    if (!cited) problems.push(`${leaf || 'the value'} has no citation with a quote from the document`);
  }
  return problems;
}
