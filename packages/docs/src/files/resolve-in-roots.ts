import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { McpflowError } from 'mcpflow';

/** A path confined to one of the allowed roots: its real location and its name relative to that root. */
export interface ConfinedPath {
  root: string;
  path: string;
  relativePath: string;
}

/**
 * Resolves `requested` (relative to the first root, or absolute) and checks that its real location — symbolic links
 * followed — lies inside one of `roots`. Traversal (`../`) and links that point outside are refused with `FORBIDDEN`;
 * a missing path is `NOT_FOUND`. The check runs on real paths, so a link inside a root cannot smuggle a file out.
 */
export async function resolveInRoots(roots: readonly string[], requested: string): Promise<ConfinedPath> {
  if (roots.length === 0) throw new McpflowError('FORBIDDEN', 'no roots are configured, so no file can be read');
  if (requested.includes('\u0000')) throw new McpflowError('FORBIDDEN', 'a path may not contain NUL characters');
  const realRoots = await Promise.all(roots.map((root) => realpath(resolve(root))));
  const candidate = isAbsolute(requested) ? requested : resolve(realRoots[0] as string, requested);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    throw new McpflowError('NOT_FOUND', `no file or folder at "${requested}"`, { cause: error, data: { path: requested } });
  }
  for (const root of realRoots) {
    if (real === root || real.startsWith(root + sep)) return { root, path: real, relativePath: relative(root, real) };
  }
  throw new McpflowError('FORBIDDEN', `"${requested}" is outside the allowed roots`, { data: { path: requested } });
}
