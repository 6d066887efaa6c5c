import { McpflowError } from 'mcpflow';
import pg from 'pg';
import type { Embedder } from '../embed/embedder.ts';
import type { DocumentFilter, DocumentStore } from './document-store.ts';
import { beginIndexWrite, pruneTombstones, recordRemovedChunks } from './postgres-index-generation.ts';
import { preparePostgresSchema } from './postgres-schema.ts';
import { createPostgresTextCache } from './postgres-text-cache.ts';
import { createPostgresVectorCache, vectorBytes } from './postgres-vector-cache.ts';
import { embeddingTextOf, runSearch, type SearchBackend } from './run-search.ts';
import { isUnchanged, toDocument, toHit } from './store-rows.ts';

/** Options for {@link createPostgresDocumentStore}. */
export interface PostgresDocumentStoreOptions {
  /** A `postgres://` URL (the store opens and closes its own pool), or */
  connectionString?: string;
  /** a pool you own (the store leaves it open on `close`). */
  pool?: pg.Pool;
  /** The schema holding the store's tables (created when missing). @default 'mcpflow_docs' */
  schema?: string;
  /** Embeds chunks and queries for vector and hybrid search; without it search is full text only. */
  embedder?: Embedder;
  /** pgvector when installed (`auto`), required (`pgvector`), or exact search over `real[]` (`real-array`). @default 'auto' */
  vector?: 'auto' | 'pgvector' | 'real-array';
  /** The text search configuration for stemming. @default 'english' */
  textSearchConfig?: string;
  /**
   * Without pgvector: `quantized` searches an in-memory sign-bit index with exact rescoring, loaded from the schema
   * on the first vector search and kept up to date (approximate; recall measured in bench/docs/index.ts), `exact`
   * scans the `real[]` column in SQL (seconds at 100,000 chunks). Filtered searches are exact either way.
   * @default 'quantized'
   */
  vectorSearch?: 'quantized' | 'exact';
  /**
   * How many vectors (best by the bit estimate) a `quantized` search rescores exactly; more costs time and buys
   * recall. At or above the index size the search is exact.
   * @default 1000
   */
  candidates?: number;
  /**
   * `memory` ranks full text by BM25 (k1 1.2, b 0.75) in an in-memory index of the chunks' tsvectors, loaded on the
   * first full-text search and kept current across processes (see postgres-text-cache.ts); `sql` ranks in
   * PostgreSQL by `ts_rank` per term weighted by idf (no load, but every matching row is scored: ~180 ms p95 on
   * common words at 100,000 chunks).
   * @default 'memory'
   */
  textSearch?: 'memory' | 'sql';
  /**
   * How many generations (writes) of an index deleted chunks' tombstones are kept for the in-memory text indexes of
   * other processes; a process further behind reloads its index whole.
   * @default 10000
   */
  tombstoneHorizon?: number;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
const hitColumns = 'c.id AS rowid, c.index_name, c.document_id, d.title, c.heading, c.page, c.ordinal, c.text';
const documentColumns =
  'd.index_name, d.id, d.title, d.media_type, d.sha256, d.bytes, d.indexed_at, d.chunk_count, d.page_count, d.metadata';

/**
 * The PostgreSQL document store, for indexes shared by many processes or machines. Full text is a stored, weighted
 * `tsvector` (headings A, text B) with a GIN index, ranked by BM25 in a per-process in-memory index of the tsvectors
 * kept exact by per-index generations and tombstones (`textSearch: 'memory'`, see postgres-text-cache.ts), or in SQL:
 * `ts_rank` per query term weighted by the term's inverse document frequency (`'sql'`). Vectors are pgvector `vector(n)` with an HNSW index when the extension is installed.
 * Otherwise they are `real[]` plus a bytea copy that each process loads into an in-memory sign-bit index with exact
 * rescoring — like the SQLite store's, about 4 · d bytes per chunk of memory, ~1 s to load 100,000 × 256-d on the
 * first vector search — kept current by a per-index generation that every write bumps (writers of one index
 * commit one at a time for it). Filtered vector search is always exact.
 *
 * @example
 * ```ts
 * const store = await createPostgresDocumentStore({ connectionString: process.env.DATABASE_URL, embedder })
 * const hits = await store.search('manuals', 'rotate log files', { limit: 5 })
 * ```
 */
export async function createPostgresDocumentStore(options: PostgresDocumentStoreOptions): Promise<DocumentStore> {
  const schema = options.schema ?? 'mcpflow_docs';
  const config = options.textSearchConfig ?? 'english';
  if (!identifier.test(schema) || !identifier.test(config))
    throw new McpflowError('CONFIG_INVALID', 'schema and textSearchConfig must be lower-case SQL identifiers');
  if ((options.pool === undefined) === (options.connectionString === undefined))
    throw new McpflowError('CONFIG_INVALID', 'give exactly one of connectionString and pool');
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: 4 });
  // An idle client whose connection drops (server restart, failover) must not crash the process: the pool replaces it.
  if (options.pool === undefined) pool.on('error', () => undefined);
  const { embedder } = options;
  let kind: Awaited<ReturnType<typeof preparePostgresSchema>>;
  try {
    kind = await preparePostgresSchema(pool, schema, embedder, options.vector ?? 'auto', config);
  } catch (error) {
    if (options.pool === undefined) await pool.end();
    throw error;
  }
  const storedEmbedder = async () =>
    (await pool.query<{ value: string }>(`SELECT value FROM ${schema}.store_meta WHERE key = 'embedder'`)).rows[0]?.value;
  const vectorLiteral = (vector: Float32Array) =>
    kind === 'pgvector' ? `[${Array.from(vector).join(',')}]` : `{${Array.from(vector).join(',')}}`;
  const vectorType = kind === 'pgvector' ? 'vector' : 'real[]';
  /** The bytea copy and its generations exist with `real[]` vectors; they are kept current in every write. */
  const copied = kind === 'postgres-real-array';
  const cache =
    copied && embedder !== undefined && (options.vectorSearch ?? 'quantized') === 'quantized'
      ? createPostgresVectorCache(pool, schema, embedder.dimensions)
      : undefined;
  const candidates = options.candidates ?? 1000;
  const textCache = (options.textSearch ?? 'memory') === 'memory' ? createPostgresTextCache(pool, schema, config) : undefined;
  const horizon = Math.max(1, Math.floor(options.tombstoneHorizon ?? 10_000));
  /** Documents `d` of an index matching a filter, or `undefined` for no filter. */
  const filteredDocuments = async (index: string, filter: DocumentFilter) => {
    const [where, values] = filterClause(filter, 2);
    if (where === '') return undefined;
    return (
      await pool.query<{ id: string }>(`SELECT d.id FROM ${schema}.documents d WHERE d.index_name = $1${where}`, [
        index,
        ...values,
      ])
    ).rows.map((row) => row.id);
  };
  /**
   * Hits for ranked chunk ids, in their order; ids no longer there are left out. `named` plans the query once per
   * connection (planning the join costs more than running it); the full-text path leaves it unnamed, as servers
   * that share one session between connections (PGlite's socket, poolers) would see the name twice.
   */
  const hitsOf = async (ranked: readonly { rowid: number; score: number }[], named = false) => {
    if (ranked.length === 0) return [];
    const { rows } = await pool.query({
      ...(named ? { name: `${schema}.hits-by-id` } : {}),
      text: `SELECT ${hitColumns} FROM ${schema}.chunks c
       JOIN ${schema}.documents d ON d.index_name = c.index_name AND d.id = c.document_id WHERE c.id = ANY($1::bigint[])`,
      values: [ranked.map((entry) => entry.rowid)],
    });
    const byId = new Map(rows.map((row) => [Number(row.rowid), row]));
    return ranked.flatMap(({ rowid, score }) => {
      const row = byId.get(rowid);
      return row === undefined ? [] : [toHit({ ...row, score })];
    });
  };
  const backend: SearchBackend = {
    async fullText(index, text, limit, filter) {
      if (textCache !== undefined)
        return hitsOf(await textCache.search(index, text, limit, await filteredDocuments(index, filter)));
      const words = [...new Set((text.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.toLowerCase()))].slice(0, 64);
      if (words.length === 0) return [];
      const [where, values] = filterClause(filter, 6);
      // BM25's idea on tsvector: each term's ts_rank weighted by ln(1 + (N - df + 0.5) / (df + 0.5)). The words are
      // letters and digits only, so joining them with | cannot inject tsquery syntax.
      // Only the top ids are ranked with the chunk rows' tsvector; text is read for those alone. `counted` is
      // materialised: inlined, its count ran once per use of df (twice), each a heap visit per matching chunk.
      const { rows } = await pool.query(
        `WITH terms AS (SELECT plainto_tsquery('${config}'::regconfig, word) AS q FROM unnest($1::text[]) AS word),
         counted AS MATERIALIZED (
           SELECT q, (SELECT count(*) FROM ${schema}.chunks c WHERE c.index_name = $2 AND c.tsv @@ q) AS df
           FROM terms WHERE numnode(q) > 0),
         weighted AS MATERIALIZED (
           SELECT q, ln(1 + ($4::float8 - df + 0.5) / (df + 0.5)) AS idf FROM counted),
         top AS MATERIALIZED (
           SELECT c.id, (SELECT sum(w.idf * ts_rank(c.tsv, w.q, 1)) FROM weighted w) AS score
           FROM ${schema}.chunks c JOIN ${schema}.documents d ON d.index_name = c.index_name AND d.id = c.document_id
           WHERE c.index_name = $2 AND c.tsv @@ to_tsquery('${config}'::regconfig, $5)${where}
           ORDER BY score DESC, c.id LIMIT $3)
         SELECT ${hitColumns}, top.score FROM top JOIN ${schema}.chunks c ON c.id = top.id
         JOIN ${schema}.documents d ON d.index_name = c.index_name AND d.id = c.document_id
         ORDER BY top.score DESC, c.id`,
        [words, index, limit, await chunkCount(index), words.join(' | '), ...values],
      );
      return rows.map(toHit);
    },
    async nearest(index, vector, limit, filter) {
      if (cache !== undefined) {
        // A filter selects documents; the cache knows their chunks and ranks those exactly.
        const documents = await filteredDocuments(index, filter);
        // Deleted chunks can linger in the cache until it reloads: ask for more until `limit` live ones are found.
        // The order is the cache's either way, so the first `limit` live ones are the answer.
        for (let wanted = 2 * limit; ; wanted *= 4) {
          const { hits, complete } = await cache.nearest(index, vector, wanted, candidates, documents);
          if (hits.length === 0) return [];
          const live = await hitsOf(
            hits.map(({ rowid, distance }) => ({ rowid, score: 1 - distance })),
            true,
          );
          if (live.length >= limit || complete) return live.slice(0, limit);
        }
      }
      const [where, values] = filterClause(filter, 4);
      const score =
        kind === 'pgvector'
          ? `1 - (c.embedding <=> $1::vector)`
          : `(SELECT sum(a::float8 * b) FROM unnest(c.embedding, $1::real[]) AS pair(a, b))`;
      const sql = `SELECT ${hitColumns}, ${score} AS score FROM ${schema}.chunks c
         JOIN ${schema}.documents d ON d.index_name = c.index_name AND d.id = c.document_id
         WHERE c.index_name = $2 AND c.embedding IS NOT NULL${where}
         ORDER BY ${kind === 'pgvector' ? 'c.embedding <=> $1::vector' : 'score DESC'}, c.id LIMIT $3`;
      const parameters = [vectorLiteral(vector), index, limit, ...values];
      if (kind !== 'pgvector' || where === '') return (await pool.query(sql, parameters)).rows.map(toHit);
      // An HNSW scan filters after it selects, so a selective filter could leave too few hits: scan exactly instead.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_indexscan = off');
        const { rows } = await client.query(sql, parameters);
        await client.query('COMMIT');
        return rows.map(toHit);
      } finally {
        client.release();
      }
    },
  };
  const chunkCount = async (index: string) =>
    Number(
      (await pool.query(`SELECT coalesce(sum(chunk_count), 0) AS n FROM ${schema}.documents WHERE index_name = $1`, [index]))
        .rows[0]?.n ?? 0,
    );
  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  /** Deletes an index's documents matching `condition` (over `d`, parameters from `$2`), leaving tombstones. */
  const deleteDocuments = (index: string, condition: string, values: unknown[]) =>
    inTransaction(async (client) => {
      const generation = await beginIndexWrite(client, schema, index);
      await recordRemovedChunks(client, schema, index, generation, condition, values);
      const { rowCount } = await client.query(`DELETE FROM ${schema}.documents d WHERE d.index_name = $1 ${condition}`, [
        index,
        ...values,
      ]);
      await pruneTombstones(client, schema, index, generation, horizon);
      return rowCount ?? 0;
    });
  let closed = false;
  return {
    capabilities: { fullText: 'postgres-tsvector', vector: kind, embedder: embedder?.id },
    async upsert(index, version, signal) {
      const known = await pool.query<{ sha256: string; metadata: unknown }>(
        `SELECT sha256, metadata FROM ${schema}.documents WHERE index_name = $1 AND id = $2`,
        [index, version.id],
      );
      const stored = known.rows[0];
      if (stored !== undefined && isUnchanged(stored, version)) return 'unchanged';
      const other = embedder === undefined ? await storedEmbedder() : undefined;
      if (other !== undefined)
        throw new McpflowError(
          'CONFIG_INVALID',
          `schema ${schema} holds vectors of embedder "${other}": open it with that embedder to add documents`,
        );
      const vectors = embedder === undefined ? [] : await embedder.embed(version.chunks.map(embeddingTextOf), signal);
      const pages = version.pages ?? [{ number: 1, markdown: version.markdown }];
      return inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [index, version.id]);
        const generation = await beginIndexWrite(client, schema, index);
        await recordRemovedChunks(client, schema, index, generation, 'AND d.id = $2', [version.id]);
        const existed = await client.query(`DELETE FROM ${schema}.documents WHERE index_name = $1 AND id = $2`, [
          index,
          version.id,
        ]);
        await pruneTombstones(client, schema, index, generation, horizon);
        await client.query(
          `INSERT INTO ${schema}.documents (index_name, id, title, media_type, sha256, bytes, indexed_at, chunk_count,
             page_count, markdown, pages, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            index,
            version.id,
            version.title ?? null,
            version.mediaType,
            version.sha256,
            version.bytes,
            Date.now(),
            version.chunks.length,
            pages.length,
            version.markdown,
            JSON.stringify(pages),
            JSON.stringify(version.metadata ?? {}),
          ],
        );
        if (version.chunks.length > 0) {
          const chunks = version.chunks;
          const insert = `INSERT INTO ${schema}.chunks (index_name, document_id, generation, ordinal, heading, page, text${embedder ? ', embedding' : ''})
             SELECT $1, $2, $8, ordinal, heading, page, text${embedder ? `, embedding::${vectorType}` : ''}
             FROM unnest($3::int[], $4::text[], $5::int[], $6::text[], $7::text[]) AS u(ordinal, heading, page, text, embedding)`;
          // The bytea copy goes in the same statement, matched to the new chunk ids by ordinal (unique per document).
          await client.query(
            copied
              ? `WITH inserted AS (${insert} RETURNING id, ordinal)
                 INSERT INTO ${schema}.chunk_vectors (chunk_id, index_name, document_id, generation, vector)
                 SELECT inserted.id, $1, $2, $8, copy.vector FROM inserted JOIN unnest($3::int[], $9::bytea[]) AS copy(ordinal, vector)
                 USING (ordinal)`
              : insert,
            [
              index,
              version.id,
              chunks.map((chunk) => chunk.ordinal),
              chunks.map((chunk) => chunk.heading),
              chunks.map((chunk) => chunk.page),
              chunks.map((chunk) => chunk.text),
              chunks.map((_chunk, position) => (embedder ? vectorLiteral(vectors[position] as Float32Array) : null)),
              generation,
              ...(copied ? [vectors.map(vectorBytes)] : []),
            ],
          );
        }
        return (existed.rowCount ?? 0) > 0 ? 'updated' : 'added';
      });
    },
    async delete(index, id) {
      return (await deleteDocuments(index, 'AND d.id = $2', [id])) > 0;
    },
    async deleteIndex(index) {
      return deleteDocuments(index, '', []);
    },
    async list(index, filter = {}) {
      const [where, values] = filterClause(filter, 2);
      const { rows } = await pool.query(
        `SELECT ${documentColumns} FROM ${schema}.documents d WHERE d.index_name = $1${where} ORDER BY d.id COLLATE "C"`,
        [index, ...values],
      );
      return rows.map(toDocument);
    },
    async indexes() {
      const { rows } = await pool.query(
        `SELECT index_name AS name, count(*) AS documents, sum(chunk_count) AS chunks FROM ${schema}.documents
         GROUP BY index_name ORDER BY index_name COLLATE "C"`,
      );
      return rows.map((row) => ({ name: String(row.name), documents: Number(row.documents), chunks: Number(row.chunks ?? 0) }));
    },
    async read(index, id) {
      const { rows } = await pool.query(
        `SELECT ${documentColumns}, d.markdown, d.pages FROM ${schema}.documents d WHERE d.index_name = $1 AND d.id = $2`,
        [index, id],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        document: toDocument(row),
        markdown: String(row.markdown),
        pages: row.pages as { number: number; markdown: string }[],
      };
    },
    search(index, text, searchOptions = {}) {
      return runSearch(backend, embedder, index, text, searchOptions);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (options.pool === undefined) await pool.end();
    },
  };
}

/** SQL conditions over documents `d` with parameters numbered from `first`. */
function filterClause(filter: DocumentFilter, first: number): [string, unknown[]] {
  const clauses: string[] = [];
  const values: unknown[] = [];
  const next = () => `$${first + values.length}`;
  if (filter.idPrefix !== undefined) {
    clauses.push(`starts_with(d.id, ${next()})`);
    values.push(filter.idPrefix);
  }
  if (filter.mediaType !== undefined) {
    clauses.push(`d.media_type = ${next()}`);
    values.push(filter.mediaType);
  }
  if (filter.metadata !== undefined && Object.keys(filter.metadata).length > 0) {
    clauses.push(`d.metadata @> ${next()}::jsonb`);
    values.push(JSON.stringify(filter.metadata));
  }
  return [clauses.map((clause) => ` AND ${clause}`).join(''), values];
}
