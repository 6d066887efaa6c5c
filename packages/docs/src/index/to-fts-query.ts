/**
 * @internal Turns free text into an FTS5 query: every word quoted (so punctuation and FTS5 operators in user text
 * cannot break the query or change its meaning) and joined with OR, which BM25 then ranks. `undefined` when the text
 * has no words.
 */
export function toFtsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (words === null) return undefined;
  return [...new Set(words.map((word) => word.toLowerCase()))].map((word) => `"${word}"`).join(' OR ');
}
