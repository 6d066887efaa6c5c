import { resolve } from 'node:path';
import { McpflowError } from 'mcpflow';
import { type CliIo, type ExitCode, exitCodes, writeJson } from 'mcpflow/cli';
import { indexDirectory } from '../files/index-directory.ts';
import { createIndexProgress } from './create-index-progress.ts';
import { type DocsStoreFlags, openDocsStore, parseMetadata } from './open-docs-store.ts';
import { readPassword } from './read-password.ts';

/** @internal The flags of `docs index`. */
export interface DocsIndexFlags extends DocsStoreFlags {
  dir: string;
  include?: string[];
  exclude?: string[];
  meta?: string[];
  json?: boolean;
  password?: string | boolean;
}

/** @internal `docs index DIR`: indexes a folder incrementally, with progress on stderr and the report on stdout. */
export async function runDocsIndex(flags: DocsIndexFlags, io: CliIo): Promise<ExitCode> {
  const folder = resolve(flags.dir);
  const database = flags.db ?? resolve(folder, '.mcpflow-docs.db');
  const metadata = parseMetadata(flags.meta);
  const password = await readPassword(flags.password, io);
  const store = await openDocsStore(flags, database);
  const progress = createIndexProgress(io);
  const abort = new AbortController();
  const interrupt = () => abort.abort(new McpflowError('CANCELLED', 'indexing cancelled with Ctrl-C'));
  process.once('SIGINT', interrupt);
  try {
    const report = await indexDirectory(store, folder, {
      index: flags.index,
      roots: [folder],
      signal: abort.signal,
      onProgress: (done, total, file) => progress.update(done, total, file),
      ...(flags.include === undefined ? {} : { include: flags.include }),
      ...(flags.exclude === undefined ? {} : { exclude: flags.exclude }),
      ...(metadata === undefined ? {} : { metadata }),
      ...(password === undefined ? {} : { password }),
    });
    progress.end();
    if (flags.json === true) writeJson(io, report);
    else {
      const where = flags.postgres === undefined ? database : 'PostgreSQL';
      io.stdout(
        `${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed (index "${flags.index}" in ${where})\n`,
      );
    }
    for (const failure of report.failed) io.stderr(`${io.colors.red('failed:')} ${failure.file}: ${failure.error}\n`);
    return report.failed.length > 0 ? exitCodes.failure : exitCodes.ok;
  } finally {
    progress.end();
    process.off('SIGINT', interrupt);
    await store.close();
  }
}
