/**
 * Node-only storage for mcpflow built on `node:sqlite` (Node ≥ 22.13, no native addon). This entry point is the
 * complete public surface of `mcpflow/sqlite`.
 *
 * @module
 */
export {
  type ClosableSnapshotStore,
  createSqliteSnapshotStore,
  type SqliteSnapshotStoreOptions,
} from './workflow/sqlite-snapshot-store.ts';
