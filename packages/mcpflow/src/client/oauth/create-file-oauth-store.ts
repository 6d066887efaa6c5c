import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { OAuthStore, ServerOAuthState } from './oauth-store.ts';

interface StoreFile {
  version: 1;
  servers: Record<string, ServerOAuthState>;
}

/**
 * An OAuth store in one JSON file, readable and writable by its owner only (mode 0600; its folder is created
 * with 0700). Writes go to a temporary file that is renamed over the old one, so a crash never leaves half a
 * file, and they are serialised, so concurrent servers of one hub never lose each other's updates. Other
 * processes writing the same file at the same moment are not coordinated: give each hub its own file.
 *
 * @example
 * ```ts
 * const hub = createMcpHub(config, { oauth: { store: createFileOAuthStore('.mcpflow/oauth.json') } });
 * ```
 */
export function createFileOAuthStore(path: string): OAuthStore {
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<StoreFile> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
      throw new McpflowError('AUTH_FAILED', `Cannot read the OAuth store ${path}`, { cause: error, data: { path } });
    }
    try {
      const parsed = JSON.parse(text) as StoreFile;
      if (parsed.version !== 1 || typeof parsed.servers !== 'object' || parsed.servers === null)
        throw new Error('unknown layout');
      return parsed;
    } catch (error) {
      // Never overwrite a file we cannot read: it may hold credentials the user wants to keep.
      throw new McpflowError('AUTH_FAILED', `The OAuth store ${path} is not a valid mcpflow store`, {
        cause: error,
        data: { path },
      });
    }
  };

  const serialise = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    read: (key) => serialise(async () => (await load()).servers[key]),
    write: (key, state) =>
      serialise(async () => {
        const file = await load();
        file.servers[key] = state;
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
        // writeFile's mode is filtered by the umask and ignored for existing files: set it explicitly.
        await chmod(temporary, 0o600);
        await rename(temporary, path);
      }),
  };
}
