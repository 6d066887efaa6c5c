import { resolve } from 'node:path';
import { type CliIo, type ExitCode, exitCodes, writeJson } from 'mcpflow/cli';
import type { DocumentFilter, SearchMode } from '../index/document-store.ts';
import { type DocsStoreFlags, openDocsStore, parseMetadata } from './open-docs-store.ts';
import { requireIndexFile } from './read-input-file.ts';

/** @internal The flags of `docs query`. */
export interface DocsQueryFlags extends DocsStoreFlags {
  text: string;
  k: number;
  mode?: SearchMode;
  prefix?: string;
  mediaType?: string;
  meta?: string[];
  json?: boolean;
}

/** @internal `docs query "…"`: the best passages, as a numbered list or as JSON. */
export async function runDocsQuery(flags: DocsQueryFlags, io: CliIo): Promise<ExitCode> {
  const database = resolve(flags.db ?? '.mcpflow-docs.db');
  if (flags.postgres === undefined) await requireIndexFile(database);
  const metadata = parseMetadata(flags.meta);
  const filter: DocumentFilter = {
    ...(flags.prefix === undefined ? {} : { idPrefix: flags.prefix }),
    ...(flags.mediaType === undefined ? {} : { mediaType: flags.mediaType }),
    ...(metadata === undefined ? {} : { metadata }),
  };
  const vector = flags.mode === 'vector' || flags.mode === 'hybrid';
  const store = await openDocsStore({ ...flags, hybrid: flags.hybrid === true || vector }, database, { oneShot: true });
  try {
    const hits = await store.search(flags.index, flags.text, {
      limit: flags.k,
      filter,
      ...(flags.mode === undefined ? {} : { mode: flags.mode }),
    });
    if (flags.json === true) {
      writeJson(io, { hits });
      return exitCodes.ok;
    }
    if (hits.length === 0) io.stderr(`no passages match in index "${flags.index}"\n`);
    hits.forEach((hit, position) => {
      const heading = hit.heading === '' ? '' : ` — ${hit.heading}`;
      io.stdout(`${position + 1}. ${hit.documentId} p.${hit.page}${heading} (score ${hit.score.toPrecision(3)})\n`);
      const snippet = hit.text.replace(/\s+/g, ' ').trim();
      io.stdout(`   ${snippet.length > 240 ? `${snippet.slice(0, 239)}…` : snippet}\n`);
    });
    return exitCodes.ok;
  } finally {
    await store.close();
  }
}
