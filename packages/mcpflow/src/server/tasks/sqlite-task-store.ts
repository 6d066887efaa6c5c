import { openSqliteTable } from '../../internal/open-sqlite-table.ts';
import type { TaskRecord, TaskStore } from './task-store.ts';

/** Options for {@link createSqliteTaskStore}. */
export interface SqliteTaskStoreOptions {
  /** The database file; created when missing. */
  path: string;
  /** The table to use. @default 'mcpflow_tasks' */
  table?: string;
}

/** A {@link TaskStore} that can be closed. */
export interface ClosableTaskStore extends TaskStore {
  close(): void;
}

/**
 * MCP tasks in a SQLite file (`node:sqlite`, WAL): tasks outlive the server process, and a workflow task that was
 * waiting for input resumes on the next `tasks/update`, in this process or the next.
 *
 * @example
 * ```ts
 * createMcpflowServer({ name: 'reports', taskStore: createSqliteTaskStore({ path: 'tasks.db' }), requestStateKey })
 * ```
 */
export function createSqliteTaskStore(options: SqliteTaskStoreOptions): ClosableTaskStore {
  const table = options.table ?? 'mcpflow_tasks';
  const database = openSqliteTable(options.path, table, 'task_id TEXT PRIMARY KEY, record TEXT NOT NULL');
  const select = database.prepare(`SELECT record FROM ${table} WHERE task_id = ?`);
  const upsert = database.prepare(
    `INSERT INTO ${table} (task_id, record) VALUES (?, ?) ON CONFLICT (task_id) DO UPDATE SET record = excluded.record`,
  );
  const remove = database.prepare(`DELETE FROM ${table} WHERE task_id = ?`);
  return {
    async get(taskId) {
      const row = select.get(taskId) as { record: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.record) as TaskRecord);
    },
    async put(record) {
      upsert.run(record.taskId, JSON.stringify(record));
    },
    async delete(taskId) {
      remove.run(taskId);
    },
    close() {
      database.close();
    },
  };
}
