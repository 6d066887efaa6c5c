import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { McpflowError } from 'mcpflow';
import { parseDocument } from '../parse/parse-document.ts';

/**
 * @internal `mcpflow-docs parse <file>`: prints the file as Markdown (or the full parse as JSON) to `write`. Usage
 * errors throw `CONFIG_INVALID`; unreadable files `INVALID_INPUT`.
 */
export async function runParseCommand(argv: string[], write: (text: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      ocr: { type: 'boolean' },
      links: { type: 'boolean' },
      'max-pages': { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const [file, extra] = positionals;
  if (file === undefined) throw new McpflowError('CONFIG_INVALID', 'missing <file>');
  if (extra !== undefined) throw new McpflowError('CONFIG_INVALID', `parse takes one file, not also "${extra}"`);
  const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) {
    throw new McpflowError('CONFIG_INVALID', `--max-pages takes a positive whole number, not "${values['max-pages']}"`);
  }
  if (values.backend !== undefined && values.backend !== 'mcpflow' && values.backend !== 'liteparse') {
    throw new McpflowError('CONFIG_INVALID', `--backend is mcpflow or liteparse, not "${values.backend}"`);
  }
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new McpflowError('INVALID_INPUT', `cannot read "${file}": ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  });
  const parsed = await parseDocument(
    { bytes, name: file },
    {
      ocr: values.ocr === true,
      links: values.links === true,
      ...(maxPages === undefined ? {} : { maxPages }),
      ...(values.backend === undefined ? {} : { pdfBackend: values.backend }),
    },
  );
  write(values.json === true ? `${JSON.stringify(parsed, null, 2)}\n` : `${parsed.markdown}\n`);
}
