import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { McpflowError } from 'mcpflow';
import { serveHttp, serveStdio } from 'mcpflow/server';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { indexDirectory } from '../files/index-directory.ts';
import { createPostgresDocumentStore } from '../index/create-postgres-document-store.ts';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import { createDocsServer } from '../server/create-docs-server.ts';
import { runParseCommand } from './run-parse-command.ts';

const usage = `Usage: mcpflow-docs serve <folder> [--db FILE | --postgres URL] [--hybrid] [--index NAME] [--http [HOST:]PORT]
       mcpflow-docs parse <file> [--json] [--ocr] [--links] [--max-pages N] [--backend mcpflow|liteparse]

serve: indexes the supported files in <folder> (PDF, DOCX, PPTX, XLSX, HTML, Markdown, text, CSV; again on every
start, incrementally) and serves them over MCP: stdio by default (for Claude Desktop), or Streamable HTTP with --http.

  --db FILE        the SQLite index file (default: <folder>/.mcpflow-docs.db)
  --postgres URL   keep the index in PostgreSQL instead (postgres://…; schema mcpflow_docs)
  --hybrid         also embed chunks (offline hashing embedder) for hybrid BM25 + vector retrieval
  --index NAME     the index name (default: docs)
  --http [HOST:]PORT  serve over HTTP instead of stdio (host defaults to 127.0.0.1)
  --help           this text

parse: prints one file as Markdown (PDF pages after <!-- page N --> markers).

  --json           print the whole parse instead: metadata, pages, PDF blocks
  --ocr            OCR scanned PDF pages (needs tesseract.js and @tesseract.js-data/eng)
  --links          turn PDF web links into Markdown links (slower on link-heavy PDFs)
  --max-pages N    only the first N pages of a PDF
  --backend NAME   the PDF engine: mcpflow (default) or liteparse (needs @llamaindex/liteparse)`;

/**
 * Runs the `mcpflow-docs` command line; returns the process exit code (2 for usage errors, 1 when a file cannot be
 * parsed). `write` takes what the command prints as its result (the `parse` command's Markdown): stdout by default.
 */
export async function runDocsCli(
  argv: string[],
  log: (line: string) => void,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  if (argv[0] === 'parse') {
    try {
      await runParseCommand(argv.slice(1), write);
      return 0;
    } catch (error) {
      const usageError =
        McpflowError.isInstance(error, 'CONFIG_INVALID') || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      log(`mcpflow-docs: ${error instanceof Error ? error.message : String(error)}${usageError ? `\n${usage}` : ''}`);
      return usageError ? 2 : 1;
    }
  }
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    log(`mcpflow-docs: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (parsed.help) {
    log(usage);
    return 0;
  }
  const embedder = parsed.hybrid ? { embedder: createHashingEmbedder({ dimensions: 256 }) } : {};
  const store =
    parsed.postgres === undefined
      ? createSqliteDocumentStore({ path: parsed.database, ...embedder })
      : await createPostgresDocumentStore({ connectionString: parsed.postgres, ...embedder });
  const report = await indexDirectory(store, parsed.folder, { index: parsed.index, roots: [parsed.folder] });
  // stdout carries the protocol on stdio: everything human goes to the log (stderr).
  log(
    `indexed ${parsed.folder}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.removed} removed, ${report.failed.length} failed`,
  );
  const server = createDocsServer({ store, roots: [parsed.folder] });
  if (parsed.http === undefined) {
    serveStdio(server);
    return 0;
  }
  const http = await serveHttp(server, parsed.http);
  log(`serving ${http.url}`);
  return 0;
}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      postgres: { type: 'string' },
      hybrid: { type: 'boolean', default: false },
      index: { type: 'string', default: 'docs' },
      http: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true)
    return { help: true as const, folder: '', database: '', index: '', http: undefined, postgres: undefined, hybrid: false };
  const [command, folder] = positionals;
  if (command !== 'serve')
    throw new McpflowError('CONFIG_INVALID', command === undefined ? 'missing command' : `unknown command "${command}"`);
  if (folder === undefined) throw new McpflowError('CONFIG_INVALID', 'missing <folder>');
  const root = resolve(folder);
  let http: { host?: string; port: number } | undefined;
  if (values.http !== undefined) {
    const match = /^(?:(.+):)?(\d{1,5})$/.exec(values.http);
    if (match === null) throw new McpflowError('CONFIG_INVALID', `--http takes [HOST:]PORT, not "${values.http}"`);
    http = match[1] === undefined ? { port: Number(match[2]) } : { host: match[1], port: Number(match[2]) };
  }
  return {
    help: false as const,
    folder: root,
    database: values.db ?? resolve(root, '.mcpflow-docs.db'),
    index: values.index,
    http,
    postgres: values.postgres,
    hybrid: values.hybrid === true,
  };
}
