import { openSqliteTable } from '../internal/open-sqlite-table.ts';
import { deserialiseSnapshot, type SnapshotStore, type SnapshotSummary, serialiseSnapshot } from './snapshot-store.ts';

/** Options for {@link createSqliteSnapshotStore}. */
export interface SqliteSnapshotStoreOptions {
  /** The database file; created when missing. `':memory:'` keeps it in memory. */
  path: string;
  /** The table to use. @default 'mcpflow_snapshots' */
  table?: string;
}

/** A {@link SnapshotStore} that can be closed. */
export interface ClosableSnapshotStore extends SnapshotStore {
  /** Closes the database; later calls fail. */
  close(): void;
}

/**
 * A snapshot store in a SQLite file through `node:sqlite` (no native dependency). WAL journaling lets several
 * processes share the file: one suspends a run, another resumes it.
 *
 * @example
 * ```ts
 * const store = createSqliteSnapshotStore({ path: 'runs.db' })
 * const run = workflow.run(input, { snapshotStore: store }) // saved whenever it waits for input
 * ```
 */
export function createSqliteSnapshotStore(options: SqliteSnapshotStoreOptions): ClosableSnapshotStore {
  const table = options.table ?? 'mcpflow_snapshots';
  const database = openSqliteTable(
    options.path,
    table,
    'run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, saved_at INTEGER NOT NULL, snapshot TEXT NOT NULL',
  );
  const upsert = database.prepare(
    `INSERT INTO ${table} (run_id, workflow, saved_at, snapshot) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET workflow = excluded.workflow, saved_at = excluded.saved_at, snapshot = excluded.snapshot`,
  );
  const select = database.prepare(`SELECT snapshot FROM ${table} WHERE run_id = ?`);
  const remove = database.prepare(`DELETE FROM ${table} WHERE run_id = ?`);
  const take = database.prepare(`DELETE FROM ${table} WHERE run_id = ? AND saved_at = ? RETURNING snapshot`);
  const listAll = database.prepare(`SELECT run_id, workflow, saved_at FROM ${table} ORDER BY saved_at, run_id`);
  const listOne = database.prepare(
    `SELECT run_id, workflow, saved_at FROM ${table} WHERE workflow = ? ORDER BY saved_at, run_id`,
  );
  const toSummary = (row: Record<string, unknown>): SnapshotSummary => ({
    runId: String(row.run_id),
    workflow: String(row.workflow),
    savedAt: Number(row.saved_at),
  });
  return {
    async save(snapshot) {
      upsert.run(snapshot.runId, snapshot.workflow, snapshot.savedAt, serialiseSnapshot(snapshot));
    },
    async load(runId) {
      const row = select.get(runId) as { snapshot: string } | undefined;
      return row === undefined ? undefined : deserialiseSnapshot(row.snapshot);
    },
    async delete(runId) {
      remove.run(runId);
    },
    async take(runId, savedAt) {
      // One statement: of two processes sharing the file, only one gets the row.
      const row = take.get(runId, savedAt) as { snapshot: string } | undefined;
      return row === undefined ? undefined : deserialiseSnapshot(row.snapshot);
    },
    async list(filter = {}) {
      const rows = filter.workflow === undefined ? listAll.all() : listOne.all(filter.workflow);
      return rows.map((row) => toSummary(row as Record<string, unknown>));
    },
    close() {
      database.close();
    },
  };
}
