import { basename } from 'node:path';
import { type CliIo, type ExitCode, exitCodes, writeJson } from 'mcpflow/cli';
import { parseDocument } from '../parse/parse-document.ts';
import { readInputFile } from './read-input-file.ts';
import { readPassword } from './read-password.ts';

/** @internal The options of `docs parse`. */
export interface ParseCommandOptions {
  json?: boolean;
  ocr?: boolean;
  links?: boolean;
  maxPages?: number;
  backend?: 'mcpflow' | 'liteparse';
  /** `--password` alone: ask for it (or read stdin). */
  password?: string | boolean;
}

/**
 * @internal `docs parse FILE [--json] [--ocr] [--links] [--max-pages N] [--backend E] [--password [P]]`: the document as Markdown
 * (PDF pages after `<!-- page N -->` markers), or its pages, blocks and metadata as JSON.
 */
export async function runDocsParse(options: ParseCommandOptions & { file: string }, io: CliIo): Promise<ExitCode> {
  const bytes = await readInputFile(options.file, 'document');
  const password = await readPassword(options.password, io);
  const parsed = await parseDocument(
    { bytes, name: basename(options.file) },
    {
      ocr: options.ocr === true,
      links: options.links === true,
      ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
      ...(options.backend === undefined ? {} : { pdfBackend: options.backend }),
      ...(password === undefined ? {} : { password }),
    },
  );
  if (options.json === true) writeJson(io, parsed);
  else io.stdout(parsed.markdown.endsWith('\n') ? parsed.markdown : `${parsed.markdown}\n`);
  return exitCodes.ok;
}
