import { unzipSync } from 'fflate';
import { McpflowError } from 'mcpflow';

/** @internal The entries of an Office file (a ZIP package), by path; fails with `INVALID_INPUT` when it is not one. */
export function readZip(bytes: Uint8Array, format: string): Map<string, Uint8Array> {
  try {
    return new Map(Object.entries(unzipSync(bytes)));
  } catch (error) {
    throw new McpflowError('INVALID_INPUT', `cannot read the ${format} file: it is not a valid ZIP package`, { cause: error });
  }
}

/** @internal One entry, decoded as UTF-8 text, or `undefined` when the package lacks it. */
export function entryText(entries: ReadonlyMap<string, Uint8Array>, path: string): string | undefined {
  const bytes = entries.get(path.replace(/^\//, ''));
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** @internal Resolves a relationship target against the folder of the part that refers to it. */
export function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}
