import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo, ExitCode } from 'mcpflow/cli';
import type { ParseCommandOptions } from './run-docs-parse.ts';

const epilogue = `
Exit codes (as mcpflow's): 0 ok, 1 a file failed to parse or index or extraction failed, 2 usage (bad flag, missing
file or index), 3 the model's API key or provider package is missing, 4 unavailable, 130 Ctrl-C.`;

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const passwordOption = [
  '--password [password]',
  'the password of encrypted PDFs; alone, asked for (or read from stdin) (default: $MCPFLOW_PDF_PASSWORD)',
] as const;

/** The options of commands that open an index. */
function storeOptions(command: Command, database: string): Command {
  return command
    .option('--db <file>', `the SQLite index file (default: ${database})`)
    .option('--postgres <url>', 'keep the index in PostgreSQL instead (postgres://…; schema mcpflow_docs)')
    .option('--hybrid', 'embed chunks too, for hybrid BM25 + vector retrieval (model: $MCPFLOW_EMBED_MODEL, else hashing)')
    .option(
      '--embed <model>',
      'the embedding model (implies --hybrid): openai:<model>, ollama:<model>, URL#<model>, or hashing (offline)',
    )
    .option('--dimensions <n>', "the model's vector size (default: learned by embedding one probe text)", positiveInteger)
    .option('--index <name>', 'the index name', 'docs');
}

/**
 * @internal The docs command line's parsing. Each action imports its `run*` function when it runs, so `--help` loads
 * no parser, store or model code.
 */
export function createDocsProgram(name: string, io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command(name)
    .description(
      'Parse, index, query, extract from and serve documents (PDF, DOCX, PPTX, XLSX, HTML, Markdown, text, CSV) over MCP.',
    )
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText('after', epilogue);
  program
    .command('parse')
    .argument('<file>', 'the document')
    .option('--json', 'the pages and metadata as JSON instead of Markdown')
    .option('--ocr', 'OCR scanned PDF pages (needs tesseract.js and @tesseract.js-data/eng)')
    .option('--links', 'turn PDF web links into Markdown links (slower on link-heavy PDFs)')
    .option('--max-pages <n>', 'only the first N pages of a PDF', positiveInteger)
    .option(...passwordOption)
    .addOption(
      new Option('--backend <engine>', 'the PDF engine (liteparse needs @llamaindex/liteparse)').choices([
        'mcpflow',
        'liteparse',
      ]),
    )
    .description('parse a document and print it as Markdown')
    .action(async (file: string, options: ParseCommandOptions) => {
      const { runDocsParse } = await import('./run-docs-parse.ts');
      setExitCode(await runDocsParse({ ...options, file }, io));
    });
  storeOptions(program.command('index').argument('<dir>', 'the folder to index'), '<dir>/.mcpflow-docs.db')
    .option('--include <glob>', 'only files matching (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching (repeatable)', collect)
    .option('--meta <key=value>', 'metadata for every document, to filter on (repeatable)', collect)
    .option(...passwordOption)
    .option('--json', 'the report as JSON')
    .description('index a folder (incrementally: unchanged files are skipped, removed ones dropped); exit 1 when a file failed')
    .action(async (dir: string, options) => {
      const { runDocsIndex } = await import('./run-docs-index.ts');
      setExitCode(await runDocsIndex({ ...options, dir }, io));
    });
  storeOptions(program.command('query').argument('<text>', 'what to look for'), './.mcpflow-docs.db')
    .option('-k, --k <n>', 'how many passages', positiveInteger, 5)
    .addOption(
      new Option('--mode <mode>', 'how to rank (vector and hybrid imply --hybrid)').choices(['bm25', 'vector', 'hybrid']),
    )
    .option('--prefix <id>', 'only documents whose path starts with this')
    .option('--media-type <type>', 'only documents of this media type, e.g. text/html')
    .option('--meta <key=value>', 'only documents with this metadata (repeatable)', collect)
    .option('--json', 'the hits as JSON')
    .description('retrieve the passages that best match a query')
    .action(async (text: string, options) => {
      const { runDocsQuery } = await import('./run-docs-query.ts');
      setExitCode(await runDocsQuery({ ...options, text }, io));
    });
  program
    .command('extract')
    .argument('<file>', 'the document')
    .requiredOption('--schema <file>', 'a JSON Schema file describing the data')
    .option('-m, --model <model>', 'ollama:<model>, openai:<model>, anthropic:<model> or URL#<model> (default: $MCPFLOW_MODEL)')
    .option('--instructions <text>', 'extra guidance for the model (field meanings, units…)')
    .description('extract data that validates against a JSON Schema, each value with a citation; exit 1 when it fails')
    .action(async (file: string, options: { schema: string; model?: string; instructions?: string }) => {
      const { runDocsExtract } = await import('./run-docs-extract.ts');
      setExitCode(await runDocsExtract({ ...options, file }, io));
    });
  storeOptions(
    program.command('serve').argument('[dir]', 'the folder to index and serve (default: the current directory)'),
    '<dir>/.mcpflow-docs.db',
  )
    .option('--http <[host:]port>', 'serve Streamable HTTP instead of stdio (host defaults to 127.0.0.1)')
    .option('-m, --model <model>', 'a model for the extract tool (default: $MCPFLOW_MODEL; without one, no extract tool)')
    .description('index a folder and serve it over MCP: stdio (for Claude Desktop) or Streamable HTTP')
    .action(async (dir: string | undefined, options) => {
      const { runDocsServe } = await import('./run-docs-serve.ts');
      setExitCode(await runDocsServe({ ...options, dir }, io));
    });
  return program;
}
