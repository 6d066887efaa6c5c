import type { PoolClient } from 'pg';

/**
 * @internal Starts a write to an index: bumps its generation in `vector_state` and returns it. Every write path
 * (upsert, delete, deleteIndex) calls it first, with or without an embedder. The bump takes the row lock until the
 * transaction ends, so writers of one index commit in generation order — which is what lets a reader fetch "rows
 * newer than generation g" (chunks, vectors, tombstones) without missing a slower writer's rows.
 */
export async function beginIndexWrite(client: PoolClient, schema: string, index: string): Promise<number> {
  const { rows } = await client.query<{ generation: string }>(
    `INSERT INTO ${schema}.vector_state (index_name, generation, deleted) VALUES ($1, 1, 0)
     ON CONFLICT (index_name) DO UPDATE SET generation = ${schema}.vector_state.generation + 1 RETURNING generation`,
    [index],
  );
  return Number(rows[0]?.generation);
}

/**
 * @internal Before an index's documents matching `condition` (over `d`, parameters from `$2`) are deleted: records
 * their chunk ids as tombstones of `generation`, for the in-memory text indexes of other processes, and counts them
 * against the index. Returns how many chunks go.
 */
export async function recordRemovedChunks(
  client: PoolClient,
  schema: string,
  index: string,
  generation: number,
  condition: string,
  values: unknown[],
): Promise<number> {
  const { rowCount } = await client.query(
    `INSERT INTO ${schema}.chunk_tombstones (index_name, chunk_id, generation)
     SELECT c.index_name, c.id, $${values.length + 2}::bigint FROM ${schema}.chunks c
     JOIN ${schema}.documents d ON d.index_name = c.index_name AND d.id = c.document_id WHERE d.index_name = $1 ${condition}`,
    [index, ...values, generation],
  );
  const count = rowCount ?? 0;
  if (count > 0)
    await client.query(`UPDATE ${schema}.vector_state SET deleted = deleted + $2 WHERE index_name = $1`, [index, count]);
  return count;
}

/**
 * @internal Drops the tombstones more than `horizon` generations old (every `min(64, horizon)` generations, so a
 * write seldom pays for it) and records the generation they were pruned up to: a reader that knows an older one
 * may have missed some and reloads the index whole.
 */
export async function pruneTombstones(
  client: PoolClient,
  schema: string,
  index: string,
  generation: number,
  horizon: number,
): Promise<void> {
  const upTo = generation - horizon;
  if (upTo <= 0 || generation % Math.min(64, horizon) !== 0) return;
  await client.query(`DELETE FROM ${schema}.chunk_tombstones WHERE index_name = $1 AND generation <= $2`, [index, upTo]);
  await client.query(`UPDATE ${schema}.vector_state SET pruned = $2 WHERE index_name = $1 AND pruned < $2`, [index, upTo]);
}
