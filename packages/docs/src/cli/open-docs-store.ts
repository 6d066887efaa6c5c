import { McpflowError } from 'mcpflow';
import { resolveEmbedder } from '../embed/resolve-embedder.ts';
import { createPostgresDocumentStore } from '../index/create-postgres-document-store.ts';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import type { DocumentStore } from '../index/document-store.ts';

/** @internal The store options the docs commands share. */
export interface DocsStoreFlags {
  db?: string;
  postgres?: string;
  hybrid?: boolean;
  /** An embedding model string (`openai:…`, `ollama:…`, `URL#model`, `hashing`); implies hybrid. */
  embed?: string;
  dimensions?: number;
  index: string;
}

/**
 * @internal Opens the index the flags name: PostgreSQL with `--postgres`, else the SQLite file. `--embed MODEL`, or
 * `--hybrid` with `$MCPFLOW_EMBED_MODEL` (else the offline hashing embedder), adds vectors. `oneShot` (a command
 * that runs one search and exits) keeps the SQLite store from building its in-memory indexes: a few seconds at
 * 100,000 chunks for BM25 and vectors, against milliseconds for the one query in FTS5 and sqlite-vec's exact scan
 * — and the PostgreSQL store from loading its text and vector indexes (it ranks in SQL instead).
 */
export async function openDocsStore(
  flags: DocsStoreFlags,
  database: string,
  usage: { oneShot?: boolean } = {},
): Promise<DocumentStore> {
  const specifier = flags.embed ?? (flags.hybrid === true ? process.env.MCPFLOW_EMBED_MODEL || 'hashing' : undefined);
  // Every command resolves the same string the same way, so an index built by one is searchable by the others.
  const embedder =
    specifier === undefined
      ? {}
      : { embedder: await resolveEmbedder(specifier, flags.dimensions === undefined ? {} : { dimensions: flags.dimensions }) };
  const inMemory = usage.oneShot === true ? ({ textSearch: 'fts5', vectorSearch: 'exact' } as const) : {};
  return flags.postgres === undefined
    ? createSqliteDocumentStore({ path: database, ...embedder, ...inMemory })
    : createPostgresDocumentStore({
        connectionString: flags.postgres,
        ...embedder,
        ...(usage.oneShot === true ? ({ textSearch: 'sql', vectorSearch: 'exact' } as const) : {}),
      });
}

/** @internal `key=value` pairs as metadata; values that read as JSON numbers or booleans become those. */
export function parseMetadata(pairs: readonly string[] | undefined): Record<string, string | number | boolean> | undefined {
  if (pairs === undefined || pairs.length === 0) return undefined;
  const metadata: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0)
      throw new McpflowError('INVALID_ARGUMENTS', `--meta takes key=value, not "${pair}"`, {
        data: { help: 'e.g. --meta team=ops --meta year=2026 (repeat the flag)' },
      });
    const value = pair.slice(equals + 1);
    metadata[pair.slice(0, equals)] =
      value === 'true' ? true : value === 'false' ? false : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return metadata;
}
