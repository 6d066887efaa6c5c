const LINK_AT_END = /\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)$/;
const LINK_AT_START = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/;
/** A word broken at the end of a line: a letter, then a hyphen. */
const BROKEN = /\p{L}-$/u;

/**
 * @internal Joins two lines of one paragraph. A hyphen between a letter and a lower-case letter starting the next
 * line is a word broken by the line end and is removed ("docu-" + "ment" → "document"); a soft hyphen always is.
 * Hyphenated compounds broken at their hyphen ("well-" + "known") lose it too: line ends do not tell them apart. A
 * link broken over the two lines becomes one link.
 */
export function joinLines(first: string, second: string): string {
  if (first === '') return second;
  if (second === '') return first;
  const end = LINK_AT_END.exec(first);
  const start = LINK_AT_START.exec(second);
  if (end !== null && start !== null && end[2] === start[2]) {
    // One link broken over two lines: one Markdown link again; a URL broken after . / - = # ? & gets no space.
    const [head = '', tail = ''] = [end[1], start[1]];
    const glue = /[./\-_=#?&]$/.test(head) ? '' : ' ';
    return `${first.slice(0, end.index)}[${head}${glue}${tail}](${end[2]})${second.slice(start[0].length)}`;
  }
  if (first.endsWith('\u00ad')) return first.slice(0, -1) + second;
  if (BROKEN.test(first) && /^\p{Ll}/u.test(second)) return first.slice(0, -1) + second;
  return `${first} ${second}`;
}

/** @internal Whether a paragraph that ends in `first` plausibly continues with `second` (across a column or page). */
export function continues(first: string, second: string): boolean {
  return !/[.!?:;)"”’\]]$/.test(first) && /^\p{Ll}/u.test(second);
}
