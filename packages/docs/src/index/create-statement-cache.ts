import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * @internal Runs SQL through statements prepared once per SQL text: the search statements vary only with the
 * filter's shape and the number of hits, and preparing one costs about as much as a rare-word BM25 query.
 */
export function createStatementCache(
  database: DatabaseSync,
): (sql: string, values: SQLInputValue[]) => Record<string, unknown>[] {
  const prepared = new Map<string, StatementSync>();
  return (sql, values) => {
    let statement = prepared.get(sql);
    if (statement === undefined) {
      if (prepared.size >= 256) prepared.clear();
      statement = database.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement.all(...values) as Record<string, unknown>[];
  };
}
