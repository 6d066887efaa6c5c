import { McpflowError } from 'mcpflow';
import type { Pool, PoolClient } from 'pg';
import type { Embedder } from '../embed/embedder.ts';

/** @internal How the PostgreSQL store keeps vectors. */
export type PostgresVectorKind = 'pgvector' | 'postgres-real-array' | 'none';

/**
 * @internal Creates the store's tables in `schema` (idempotent) and checks the embedder against the one the vectors
 * were made with. Returns how vectors are kept: pgvector `vector(n)` when the extension is there (and wanted),
 * otherwise `real[]` plus a bytea copy for the in-memory index (added to older schemas here, idempotently).
 */
export async function preparePostgresSchema(
  pool: Pool,
  schema: string,
  embedder: Embedder | undefined,
  vector: 'auto' | 'pgvector' | 'real-array',
  textSearchConfig: string,
): Promise<PostgresVectorKind> {
  const client = await pool.connect();
  try {
    // One writer at a time creates the schema: concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL.
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mcpflow-docs:${schema}`]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS ${schema};
      CREATE TABLE IF NOT EXISTS ${schema}.store_meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.documents (
        index_name text NOT NULL, id text NOT NULL, title text, media_type text NOT NULL, sha256 text NOT NULL,
        bytes bigint NOT NULL, indexed_at bigint NOT NULL, chunk_count integer NOT NULL, page_count integer NOT NULL,
        markdown text NOT NULL, pages jsonb NOT NULL, metadata jsonb NOT NULL, PRIMARY KEY (index_name, id));
      CREATE TABLE IF NOT EXISTS ${schema}.chunks (
        id bigserial PRIMARY KEY, index_name text NOT NULL, document_id text NOT NULL, ordinal integer NOT NULL,
        heading text NOT NULL, page integer NOT NULL, text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('${textSearchConfig}'::regconfig, heading), 'A') ||
          setweight(to_tsvector('${textSearchConfig}'::regconfig, text), 'B')) STORED,
        FOREIGN KEY (index_name, document_id) REFERENCES ${schema}.documents (index_name, id) ON DELETE CASCADE);
      CREATE INDEX IF NOT EXISTS chunks_tsv ON ${schema}.chunks USING gin (tsv);
      CREATE INDEX IF NOT EXISTS chunks_document ON ${schema}.chunks (index_name, document_id);
      CREATE INDEX IF NOT EXISTS documents_metadata ON ${schema}.documents USING gin (metadata jsonb_path_ops);
      CREATE TABLE IF NOT EXISTS ${schema}.vector_state (
        index_name text PRIMARY KEY, generation bigint NOT NULL, deleted bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${schema}.chunk_tombstones (
        index_name text NOT NULL, chunk_id bigint NOT NULL, generation bigint NOT NULL);
      CREATE INDEX IF NOT EXISTS chunk_tombstones_generation ON ${schema}.chunk_tombstones (index_name, generation);`);
    await prepareGenerations(client, schema);
    const kind = embedder === undefined ? 'none' : await prepareVectors(client, schema, embedder, vector);
    await client.query('COMMIT');
    return kind;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function prepareVectors(
  client: PoolClient,
  schema: string,
  embedder: Embedder,
  vector: 'auto' | 'pgvector' | 'real-array',
): Promise<PostgresVectorKind> {
  const stored = await client.query<{ value: string }>(`SELECT value FROM ${schema}.store_meta WHERE key = 'embedder'`);
  const storedId = stored.rows[0]?.value;
  if (storedId !== undefined && storedId !== embedder.id)
    throw new McpflowError(
      'CONFIG_INVALID',
      `schema ${schema} holds vectors of embedder "${storedId}", not "${embedder.id}": use that embedder or another schema`,
    );
  if (storedId === undefined && (await client.query(`SELECT 1 FROM ${schema}.chunks LIMIT 1`)).rowCount !== 0)
    throw new McpflowError(
      'CONFIG_INVALID',
      `schema ${schema} was indexed without an embedder: re-index into another schema to search by vector`,
    );
  const column = await client.query<{ udt_name: string }>(
    `SELECT udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'chunks' AND column_name = 'embedding'`,
    [schema],
  );
  let type = column.rows[0]?.udt_name;
  if (type === undefined) {
    const usePgvector = vector !== 'real-array' && (await tryPgvector(client, vector === 'pgvector'));
    await client.query(
      `ALTER TABLE ${schema}.chunks ADD COLUMN embedding ${usePgvector ? `vector(${embedder.dimensions})` : 'real[]'}`,
    );
    if (usePgvector)
      await client.query(`CREATE INDEX IF NOT EXISTS chunks_hnsw ON ${schema}.chunks USING hnsw (embedding vector_cosine_ops)`);
    type = usePgvector ? 'vector' : '_float4';
  }
  await client.query(`INSERT INTO ${schema}.store_meta (key, value) VALUES ('embedder', $1) ON CONFLICT DO NOTHING`, [
    embedder.id,
  ]);
  if (type === 'vector') return 'pgvector';
  await prepareVectorCopy(client, schema);
  return 'postgres-real-array';
}

/**
 * Without pgvector, vectors are also kept as bytea in a narrow table that processes load into memory (see
 * postgres-vector-cache.ts): ~1 s for 100,000 × 256-d, against ~9 s for the `real[]` column as text. Schemas made
 * before it get the table and a copy of their vectors once (generation 0), marked in `store_meta`.
 */
async function prepareVectorCopy(client: PoolClient, schema: string): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS ${schema}.chunk_vectors (
      chunk_id bigint PRIMARY KEY REFERENCES ${schema}.chunks (id) ON DELETE CASCADE, index_name text NOT NULL,
      document_id text NOT NULL, generation bigint NOT NULL, vector bytea NOT NULL);
    CREATE INDEX IF NOT EXISTS chunk_vectors_generation ON ${schema}.chunk_vectors (index_name, generation);`);
  const copied = await client.query(`SELECT 1 FROM ${schema}.store_meta WHERE key = 'vector_copy'`);
  if (copied.rowCount !== 0) return;
  await client.query(
    `INSERT INTO ${schema}.chunk_vectors (chunk_id, index_name, document_id, generation, vector)
     SELECT c.id, c.index_name, c.document_id, 0, (SELECT string_agg(float4send(e), ''::bytea ORDER BY at)
       FROM unnest(c.embedding) WITH ORDINALITY AS u(e, at))
     FROM ${schema}.chunks c WHERE c.embedding IS NOT NULL ON CONFLICT (chunk_id) DO NOTHING`,
  );
  await client.query(`INSERT INTO ${schema}.store_meta (key, value) VALUES ('vector_copy', 'bytea-float4-be')`);
}

/**
 * Every write bumps its index's generation (`vector_state`, which holds the vectors' generation too), stamps the
 * chunks it adds with it and leaves tombstones for those it removes: what the in-memory text index of every process
 * follows (see postgres-text-cache.ts). Schemas made before get the columns here, once — their chunks generation 0,
 * which a first load reads whole anyway. The catalogue is asked first: ALTER TABLE would lock the table even when
 * there is nothing to add.
 */
async function prepareGenerations(client: PoolClient, schema: string): Promise<void> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = $1
     AND ((table_name = 'chunks' AND column_name = 'generation') OR (table_name = 'vector_state' AND column_name = 'pruned'))`,
    [schema],
  );
  const has = new Set(rows.map((row) => row.table_name));
  if (!has.has('chunks'))
    await client.query(`ALTER TABLE ${schema}.chunks ADD COLUMN IF NOT EXISTS generation bigint NOT NULL DEFAULT 0;
      CREATE INDEX IF NOT EXISTS chunks_generation ON ${schema}.chunks (index_name, generation)`);
  if (!has.has('vector_state'))
    await client.query(`ALTER TABLE ${schema}.vector_state ADD COLUMN IF NOT EXISTS pruned bigint NOT NULL DEFAULT 0`);
}

/** Creates the pgvector extension when it is installed; `required` turns its absence into an error. */
async function tryPgvector(client: PoolClient, required: boolean): Promise<boolean> {
  const available = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
  if (available.rowCount === 0) {
    if (required) throw new McpflowError('CONFIG_INVALID', 'the pgvector extension is not installed on this server');
    return false;
  }
  await client.query('SAVEPOINT pgvector');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
    return true;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT pgvector');
    if (required) throw new McpflowError('CONFIG_INVALID', 'cannot create the pgvector extension', { cause: error });
    return false;
  }
}
