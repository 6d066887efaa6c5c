import { basename } from 'node:path';
import { type CliIo, type ExitCode, exitCodes, writeJson } from 'mcpflow/cli';
import { parseDocument } from '../parse/parse-document.ts';
import { readInputFile } from './read-input-file.ts';

/** @internal `docs parse FILE [--json]`: the document as Markdown, or its pages and metadata as JSON. */
export async function runDocsParse(options: { file: string; json?: boolean }, io: CliIo): Promise<ExitCode> {
  const bytes = await readInputFile(options.file, 'document');
  const parsed = await parseDocument({ bytes, name: basename(options.file) });
  if (options.json === true) writeJson(io, parsed);
  else io.stdout(parsed.markdown.endsWith('\n') ? parsed.markdown : `${parsed.markdown}\n`);
  return exitCodes.ok;
}
