import { DatabaseSync } from 'node:sqlite';
import { McpflowError } from '../errors/mcpflow-error.ts';

/**
 * @internal Opens a SQLite file for one of mcpflow's stores: WAL journaling so several processes can share it, a
 * busy timeout instead of immediate lock errors, and the store's table created when missing. The table name is
 * checked because it is interpolated into SQL.
 */
export function openSqliteTable(path: string, table: string, columns: string): DatabaseSync {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new McpflowError('CONFIG_INVALID', `invalid table name "${table}": use letters, digits and underscores`);
  }
  const database = new DatabaseSync(path);
  database.exec(`PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; CREATE TABLE IF NOT EXISTS ${table} (${columns})`);
  return database;
}
