import { readFile, stat } from 'node:fs/promises';
import { McpflowError } from 'mcpflow';

/** @internal A file named on the command line; a missing one is a usage error (exit 2), not a crash. */
export async function readInputFile(path: string, what = 'file'): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new McpflowError('INVALID_ARGUMENTS', `cannot read the ${what} "${path}"`, {
      cause,
      data: { help: 'check the path (relative paths are from the current directory)' },
    });
  }
}

/** @internal Refuses an index file that does not exist (SQLite would quietly create an empty one). */
export async function requireIndexFile(path: string): Promise<void> {
  const found = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!found)
    throw new McpflowError('INVALID_ARGUMENTS', `no index at "${path}"`, {
      data: { help: 'pass --db FILE, or build the index first: mcpflow docs index DIR --db FILE' },
    });
}
