/** @internal A tsvector as BM25 sees it; see {@link parseTsvector}. */
export interface ParsedTsvector {
  /** Distinct lexemes… */
  terms: string[];
  /** …and for each, 2 per position of weight A (headings) plus 1 per other position (text). */
  weights: number[];
  /** Positions in all: the chunk's length in BM25. */
  length: number;
}

const quote = 39;
const backslash = 92;
const colon = 58;
const comma = 44;
const space = 32;

/**
 * @internal Parses PostgreSQL's text form of a tsvector, `'lexeme':1,5A 'it''s':3`. Lexemes are single-quoted with
 * `'` doubled and `\` escaping the next character (what `tsvectorout` writes); positions are numbers with an
 * optional weight letter (none means D). A lexeme without positions counts once. `intern` lets many rows share one
 * string per lexeme.
 */
export function parseTsvector(text: string, intern: (lexeme: string) => string = (lexeme) => lexeme): ParsedTsvector {
  const terms: string[] = [];
  const weights: number[] = [];
  let length = 0;
  let at = 0;
  while (at < text.length) {
    if (text.charCodeAt(at) === space) {
      at += 1;
      continue;
    }
    let lexeme = '';
    if (text.charCodeAt(at) === quote) {
      at += 1;
      let start = at;
      for (;;) {
        const code = text.charCodeAt(at);
        if (Number.isNaN(code)) break;
        if (code === backslash) {
          lexeme += text.slice(start, at);
          start = at + 1;
          at += 2;
        } else if (code === quote) {
          lexeme += text.slice(start, at);
          at += 1;
          if (text.charCodeAt(at) !== quote) break;
          start = at;
          at += 1;
        } else at += 1;
      }
    } else {
      const start = at;
      while (at < text.length && text.charCodeAt(at) !== colon && text.charCodeAt(at) !== space) at += 1;
      lexeme = text.slice(start, at);
    }
    let weight = 0;
    let positions = 0;
    if (text.charCodeAt(at) === colon) {
      at += 1;
      for (;;) {
        while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at += 1;
        const letter = text.charCodeAt(at);
        positions += 1;
        if (letter === 65) {
          weight += 2;
          at += 1;
        } else {
          weight += 1;
          if (letter === 66 || letter === 67 || letter === 68) at += 1;
        }
        if (text.charCodeAt(at) !== comma) break;
        at += 1;
      }
    } else {
      positions = 1;
      weight = 1;
    }
    terms.push(intern(lexeme));
    weights.push(weight);
    length += positions;
  }
  return { terms, weights, length };
}
