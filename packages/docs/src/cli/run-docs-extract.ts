import { basename } from 'node:path';
import { McpflowError } from 'mcpflow';
import { type CliIo, type ExitCode, exitCodes, writeJson } from 'mcpflow/cli';
import { extractDocument } from '../extract/extract-document.ts';
import { parseDocument } from '../parse/parse-document.ts';
import { readInputFile } from './read-input-file.ts';

/** @internal The flags of `docs extract`. */
export interface DocsExtractFlags {
  file: string;
  schema: string;
  model?: string;
  instructions?: string;
}

/**
 * @internal `docs extract FILE --schema S.json`: data that validates against the schema, with a citation per value,
 * as JSON on stdout. `EXTRACTION_FAILED` is reported as one line (exit 1).
 */
export async function runDocsExtract(flags: DocsExtractFlags, io: CliIo): Promise<ExitCode> {
  const schema = parseSchema(await readInputFile(flags.schema, 'schema'), flags.schema);
  const specifier = flags.model ?? process.env.MCPFLOW_MODEL;
  if (specifier === undefined || specifier === '')
    throw new McpflowError('INVALID_ARGUMENTS', 'extract needs a model', {
      data: { help: 'pass --model ollama:<model>, openai:<model>, anthropic:<model> or URL#<model>, or set $MCPFLOW_MODEL' },
    });
  const { resolveModel } = await import('mcpflow/agent');
  const model = await resolveModel(specifier);
  const bytes = await readInputFile(flags.file, 'document');
  const parsed = await parseDocument({ bytes, name: basename(flags.file) });
  const result = await extractDocument({
    model,
    schema,
    pages: parsed.pages,
    ...(flags.instructions === undefined ? {} : { instructions: flags.instructions }),
    onProgress: (done, total) => {
      if (io.interactive && total > 1) io.stderr(`extracted part ${done}/${total}\n`);
    },
  });
  writeJson(io, { data: result.data, citations: result.citations });
  return exitCodes.ok;
}

function parseSchema(bytes: Uint8Array, path: string): Record<string, unknown> {
  try {
    const schema: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) return schema as Record<string, unknown>;
  } catch (cause) {
    throw new McpflowError('INVALID_ARGUMENTS', `the schema "${path}" is not JSON`, {
      cause,
      data: { help: 'give a JSON Schema object, e.g. {"type":"object","properties":{"total":{"type":"number"}}}' },
    });
  }
  throw new McpflowError('INVALID_ARGUMENTS', `the schema "${path}" is not a JSON Schema object`, {
    data: { help: 'give a JSON Schema object, e.g. {"type":"object","properties":{"total":{"type":"number"}}}' },
  });
}
