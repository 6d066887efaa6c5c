import { resolve } from 'node:path';
import { McpflowError } from 'mcpflow';
import type { CliIo, ExitCode } from 'mcpflow/cli';
import { exitCodes } from 'mcpflow/cli';
import { serveHttp, serveStdio } from 'mcpflow/server';
import { indexDirectory } from '../files/index-directory.ts';
import { createDocsServer } from '../server/create-docs-server.ts';
import { type DocsStoreFlags, openDocsStore } from './open-docs-store.ts';

/** @internal The flags of `docs serve`. */
export interface DocsServeFlags extends DocsStoreFlags {
  dir?: string;
  http?: string;
  model?: string;
}

/**
 * @internal `docs serve [DIR]`: indexes the folder (incrementally, on every start) and serves it over MCP — stdio
 * by default, where stdout carries the protocol, so everything for people goes to stderr.
 */
export async function runDocsServe(flags: DocsServeFlags, io: CliIo): Promise<ExitCode> {
  const folder = resolve(flags.dir ?? '.');
  const http = flags.http === undefined ? undefined : parseHostPort(flags.http);
  const specifier = flags.model ?? process.env.MCPFLOW_MODEL;
  const extractModel =
    specifier === undefined || specifier === '' ? undefined : await (await import('mcpflow/agent')).resolveModel(specifier);
  const store = await openDocsStore(flags, flags.db ?? resolve(folder, '.mcpflow-docs.db'));
  // stdin may carry the protocol, so encrypted PDFs take their password from the environment only.
  const password = process.env.MCPFLOW_PDF_PASSWORD || undefined;
  const report = await indexDirectory(store, folder, {
    index: flags.index,
    roots: [folder],
    ...(password === undefined ? {} : { password }),
  });
  io.stderr(
    `indexed ${folder}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed\n`,
  );
  // A search now builds the store's in-memory indexes (BM25 postings, vectors; ~2.5 s at 100,000 chunks), so the
  // first `retrieve` a client sends does not wait for them.
  await store.search(flags.index, 'warm up', { limit: 1 });
  const server = createDocsServer({ store, roots: [folder], ...(extractModel === undefined ? {} : { extractModel }) });
  if (http === undefined) {
    serveStdio(server);
    return exitCodes.ok;
  }
  const served = await serveHttp(server, http);
  io.stderr(`serving ${served.url}\n`);
  return exitCodes.ok;
}

function parseHostPort(value: string): { host?: string; port: number } {
  const match = /^(?:(.+):)?(\d{1,5})$/.exec(value);
  if (match === null)
    throw new McpflowError('INVALID_ARGUMENTS', `--http takes [HOST:]PORT, not "${value}"`, {
      data: { help: 'e.g. --http 8080, or --http 127.0.0.1:8080' },
    });
  return match[1] === undefined ? { port: Number(match[2]) } : { host: match[1], port: Number(match[2]) };
}
