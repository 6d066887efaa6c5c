import { readFile } from 'node:fs/promises';
import { McpflowError } from 'mcpflow';
import { mediaTypeOf } from '../parse/parse-document.ts';
import { fetchUrl, type UrlPolicy } from './fetch-url.ts';
import { resolveInRoots } from './resolve-in-roots.ts';

/** Where a document comes from: exactly one of a path under the roots, a URL, or inline base64 content. */
export interface DocumentSource {
  path?: string | undefined;
  url?: string | undefined;
  /** Base64; `name` tells its format. */
  content?: string | undefined;
  name?: string | undefined;
  mediaType?: string | undefined;
}

/**
 * Loads a document's bytes: a path confined to `roots` (real location, links followed), a URL through the SSRF
 * guard (refused when `urls` is false), or inline base64.
 */
export async function loadSource(
  source: DocumentSource,
  roots: readonly string[],
  urls: UrlPolicy | false,
): Promise<{ bytes: Uint8Array; name: string; mediaType?: string }> {
  const given = [source.path, source.url, source.content].filter((value) => value !== undefined).length;
  if (given !== 1) throw new McpflowError('INVALID_INPUT', 'give exactly one of path, url and content');
  const mediaType = source.mediaType === undefined ? {} : { mediaType: source.mediaType };
  if (source.path !== undefined) {
    const confined = await resolveInRoots(roots, source.path);
    return { bytes: await readFile(confined.path), name: confined.path, ...mediaType };
  }
  if (source.url !== undefined) {
    if (urls === false) throw new McpflowError('FORBIDDEN', 'this server does not fetch URLs');
    const fetched = await fetchUrl(source.url, urls);
    const name = source.name ?? fetched.name;
    // The server's Content-Type only when the name does not tell the format (servers often say octet-stream).
    const type = source.mediaType ?? (mediaTypeOf(name) === undefined ? fetched.mediaType : undefined);
    return { bytes: fetched.bytes, name, ...(type === undefined ? {} : { mediaType: type }) };
  }
  if (source.name === undefined)
    throw new McpflowError('INVALID_INPUT', 'inline content needs a name (its extension tells the format)');
  const content = source.content as string;
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(content)) throw new McpflowError('INVALID_INPUT', 'content must be base64');
  return { bytes: new Uint8Array(Buffer.from(content, 'base64')), name: source.name, ...mediaType };
}
