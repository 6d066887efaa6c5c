/**
 * Node-only storage for mcpflow built on `node:sqlite` (Node ≥ 22.13, no native addon): workflow snapshots and MCP
 * tasks. This entry point is the complete public surface of `mcpflow/sqlite`.
 *
 * @module
 */
export { type ClosableTaskStore, createSqliteTaskStore, type SqliteTaskStoreOptions } from './server/tasks/sqlite-task-store.ts';
export {
  type ClosableSnapshotStore,
  createSqliteSnapshotStore,
  type SqliteSnapshotStoreOptions,
} from './workflow/sqlite-snapshot-store.ts';
