/**
 * English function words that match most chunks: ranking them costs time (every matching row is scored) and adds
 * nothing. PostgreSQL's `english` configuration drops a longer list the same way.
 */
const stopwords = new Set(
  'a an and are as at be by can do does for from had has have how i if in into is it its me my of on or our so than that the their them then there these they this to was we were what when where which who whom why will with you your'.split(
    ' ',
  ),
);

/**
 * @internal The words of free text a full-text search looks for, lower-cased and distinct: stopwords are left out
 * unless the text has nothing else. `undefined` when the text has no words.
 */
export function toFtsWords(text: string): string[] | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (words === null) return undefined;
  const unique = [...new Set(words.map((word) => word.toLowerCase()))];
  const content = unique.filter((word) => !stopwords.has(word));
  return content.length > 0 ? content : unique;
}

/**
 * @internal Turns free text into an FTS5 query: every word of {@link toFtsWords} quoted (so punctuation and FTS5
 * operators in user text cannot break the query or change its meaning) and joined with OR, which BM25 then ranks.
 * `undefined` when the text has no words.
 */
export function toFtsQuery(text: string): string | undefined {
  return toFtsWords(text)
    ?.map((word) => `"${word}"`)
    .join(' OR ');
}
