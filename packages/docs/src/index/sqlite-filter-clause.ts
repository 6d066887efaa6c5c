import type { DocumentFilter } from './document-store.ts';

/** @internal SQL conditions (each starting with AND) and their bound values for a filter over documents `alias`. */
export function sqliteFilterClause(alias: string, filter: DocumentFilter): [string, (string | number)[]] {
  const clauses: string[] = [];
  const values: (string | number)[] = [];
  if (filter.idPrefix !== undefined) {
    clauses.push(`substr(${alias}.id, 1, length(?)) = ?`);
    values.push(filter.idPrefix, filter.idPrefix);
  }
  if (filter.mediaType !== undefined) {
    clauses.push(`${alias}.media_type = ?`);
    values.push(filter.mediaType);
  }
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    // json_extract gives 1/0 for JSON booleans; the path is bound, so any key is safe.
    clauses.push(`json_extract(${alias}.metadata, ?) = ?`);
    values.push(
      `$."${key.replace(/["\\]/g, (character) => `\\${character}`)}"`,
      typeof value === 'boolean' ? Number(value) : value,
    );
  }
  return [clauses.map((clause) => ` AND ${clause}`).join(''), values];
}
