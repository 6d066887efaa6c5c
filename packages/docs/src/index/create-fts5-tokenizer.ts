import type { DatabaseSync } from 'node:sqlite';

/** @internal A chunk's text, heading and scope as FTS5 tokenizes them; see {@link createFts5Tokenizer}. */
export interface TokenizedRow {
  /** Distinct terms. */
  terms: string[];
  /** Per term, occurrences times column weight (text 1, heading 2, scope 0). */
  weights: number[];
  /** All tokens over all columns. */
  length: number;
}

/** @internal Tokenizes as the chunks' FTS5 table does; see {@link createFts5Tokenizer}. */
export interface Fts5Tokenizer {
  row(text: string, heading: string, scope: string): TokenizedRow;
  /** Each word's tokens (a word can yield none, or several, which FTS5 then matches as a phrase). */
  words(words: readonly string[]): string[][];
}

/** BM25 weights of the columns (text, heading, scope), as the store's queries pass them to `bm25()`. */
export const columnWeights: Readonly<Record<string, number>> = { text: 1, heading: 2, scope: 0 };

/**
 * @internal Tokenizes through SQLite itself — a temporary FTS5 table with the chunks table's tokenizer and columns,
 * read back through `fts5vocab` — so terms are stemmed exactly as FTS5 stems them (Porter over unicode61 with its
 * diacritics folding), with no second implementation to drift. About 30 µs a call; words are cached.
 */
export function createFts5Tokenizer(database: DatabaseSync, tokenize: string): Fts5Tokenizer {
  database.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.mcpflow_tokens USING fts5(text, heading, scope, tokenize = '${tokenize.replace(/'/g, "''")}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.mcpflow_token_instances USING fts5vocab(temp, mcpflow_tokens, instance);`);
  const insert = database.prepare('INSERT INTO temp.mcpflow_tokens (rowid, text, heading, scope) VALUES (?, ?, ?, ?)');
  const instances = database.prepare('SELECT doc, term, col, offset FROM temp.mcpflow_token_instances');
  const clear = database.prepare('DELETE FROM temp.mcpflow_tokens');
  const cache = new Map<string, string[]>();
  return {
    row(text, heading, scope) {
      clear.run();
      insert.run(1, text, heading, scope);
      const rows = instances.all() as { term: string; col: string }[];
      clear.run();
      const weights = new Map<string, number>();
      for (const { term, col } of rows) weights.set(term, (weights.get(term) ?? 0) + (columnWeights[col] ?? 1));
      return { terms: [...weights.keys()], weights: [...weights.values()], length: rows.length };
    },
    words(words) {
      const missing = [...new Set(words.filter((word) => !cache.has(word)))];
      if (missing.length > 0) {
        clear.run();
        for (const [position, word] of missing.entries()) insert.run(position + 1, word, '', '');
        const found = missing.map(() => [] as { offset: number; term: string }[]);
        const rows = instances.all() as { doc: number; term: string; offset: number }[];
        for (const row of rows) found[Number(row.doc) - 1]?.push({ offset: Number(row.offset), term: row.term });
        clear.run();
        if (cache.size > 10_000) cache.clear();
        for (const [position, word] of missing.entries()) {
          const tokens = (found[position] ?? []).sort((left, right) => left.offset - right.offset).map((entry) => entry.term);
          cache.set(word, tokens);
        }
      }
      return words.map((word) => cache.get(word) ?? []);
    },
  };
}
