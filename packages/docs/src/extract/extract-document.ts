import { generateText, type LanguageModel, Output } from 'ai';
import { McpflowError } from 'mcpflow';
import * as z from 'zod';
import { type Citation, checkCitations, normalizeForQuote } from './citations.ts';
import { mergeExtractions } from './merge-extractions.ts';

/** Options for {@link extractDocument}. */
export interface ExtractOptions {
  /** Any AI SDK language model with structured output. */
  model: LanguageModel;
  /** What to extract: a zod schema, or a JSON Schema object. */
  schema: z.ZodType | Record<string, unknown>;
  /** The document, page by page (e.g. `parseDocument(…).pages`). */
  pages: readonly { number: number; markdown: string }[];
  /** Extra guidance for the model (field meanings, units…). */
  instructions?: string;
  /** Pages are sent in parts of at most this many characters; the parts' results are merged. @default 24000 */
  maxPartChars?: number;
  /** Calls per part before giving up on invalid output or unverifiable citations. @default 3 */
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Called after each part. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link extractDocument} returns: data that validates against the schema, and where each value was found. */
export interface ExtractResult {
  data: unknown;
  /** One or more per extracted value, each with a quote verified to occur on its page. */
  citations: Citation[];
  /** How many parts the document was sent in, and the model calls made in all. */
  parts: number;
  calls: number;
}

const citationSchema = z.object({
  path: z.string().describe('JSON Pointer to the value in data, e.g. /total or /items/0/name'),
  page: z.number().int().describe('The page the value is stated on'),
  quote: z.string().min(1).describe('Text copied exactly from that page that states the value'),
});

/**
 * Extracts structured data from a document with a language model's structured output. Every value must come with
 * a citation — a page and a span quoted from it — and each quote is checked to occur on that page. Output that
 * fails the schema or carries an unverifiable citation is sent back to the model with the problems, up to
 * `maxAttempts` calls; then `EXTRACTION_FAILED` names them. Long documents are sent in parts (whole pages, at most
 * `maxPartChars`) whose results are merged: the first value found for a field wins, arrays are concatenated.
 *
 * @example
 * ```ts
 * const { data, citations } = await extractDocument({
 *   model: openai('gpt-5-mini'),
 *   schema: z.object({ invoiceNumber: z.string(), total: z.number() }),
 *   pages: (await parseDocument({ bytes, name: 'invoice.pdf' })).pages,
 * })
 * ```
 */
export async function extractDocument(options: ExtractOptions): Promise<ExtractResult> {
  const strict = toZod(options.schema);
  const parts = splitPages(options.pages, options.maxPartChars ?? 24_000);
  if (parts.length === 0) throw new McpflowError('INVALID_INPUT', 'the document has no text to extract from');
  // A part need not hold every field: parts extract against a lenient copy, the merged whole against the schema.
  const perPart = parts.length === 1 ? strict : toZod(lenient(z.toJSONSchema(strict, { io: 'input' })));
  let calls = 0;
  const results: { data: unknown; citations: Citation[] }[] = [];
  for (const part of parts) {
    const outcome = await extractPart(options, part, perPart);
    calls += outcome.calls;
    results.push(outcome);
    options.onProgress?.(results.length, parts.length);
  }
  const merged = mergeExtractions(results);
  const checked = strict.safeParse(merged.data);
  if (!checked.success)
    throw new McpflowError(
      'EXTRACTION_FAILED',
      `the merged extraction does not match the schema: ${z.prettifyError(checked.error)}`,
      {
        data: { issues: checked.error.issues, parts: parts.length },
      },
    );
  return { data: checked.data, citations: merged.citations, parts: parts.length, calls };
}

async function extractPart(
  options: ExtractOptions,
  pages: readonly { number: number; markdown: string }[],
  schema: z.ZodType,
): Promise<{ data: unknown; citations: Citation[]; calls: number }> {
  const normalized = new Map(pages.map((page) => [page.number, normalizeForQuote(page.markdown)]));
  const document = pages.map((page) => `<page number="${page.number}">\n${page.markdown}\n</page>`).join('\n');
  const maxAttempts = options.maxAttempts ?? 3;
  let problems: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const feedback =
      problems.length === 0
        ? ''
        : `\n\nYour previous answer had these problems; fix them:\n${problems.map((problem) => `- ${problem}`).join('\n')}`;
    let output: { data: unknown; citations: Citation[] };
    try {
      const result = await generateText({
        model: options.model,
        output: Output.object({ schema: z.object({ data: schema, citations: z.array(citationSchema) }) }),
        system:
          'Extract the requested data from the document. Leave out what the document does not state; never guess. ' +
          'For every value in data add a citation: its JSON Pointer path, the page number, and a quote copied exactly ' +
          'from that page that states it.' +
          (options.instructions === undefined ? '' : `\n\n${options.instructions}`),
        prompt: `${document}${feedback}`,
        maxRetries: 2,
        ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
      });
      output = result.output as { data: unknown; citations: Citation[] };
    } catch (error) {
      options.signal?.throwIfAborted();
      problems = [`the answer was not valid JSON for the schema: ${error instanceof Error ? error.message : String(error)}`];
      if (attempt === maxAttempts) throw failure(problems, attempt, pages, error);
      continue;
    }
    problems = checkCitations(output.data, output.citations, normalized);
    if (problems.length === 0) return { ...output, calls: attempt };
    if (attempt === maxAttempts) throw failure(problems, attempt, pages);
  }
  throw failure(problems, maxAttempts, pages);
}

function failure(problems: string[], attempts: number, pages: readonly { number: number }[], cause?: unknown): McpflowError {
  const range = `pages ${pages[0]?.number}–${pages.at(-1)?.number}`;
  return new McpflowError(
    'EXTRACTION_FAILED',
    `extraction from ${range} failed after ${attempts} attempts: ${problems.join('; ')}`,
    {
      ...(cause === undefined ? {} : { cause }),
      data: { problems, attempts, pages: pages.map((page) => page.number) },
    },
  );
}

/** Whole pages, packed into parts of at most `maxChars` (a longer page is a part of its own). */
function splitPages(pages: readonly { number: number; markdown: string }[], maxChars: number) {
  const parts: { number: number; markdown: string }[][] = [];
  let size = 0;
  for (const page of pages) {
    if (page.markdown.trim() === '') continue;
    const last = parts.at(-1);
    if (last === undefined || size + page.markdown.length > maxChars) {
      parts.push([page]);
      size = page.markdown.length;
    } else {
      last.push(page);
      size += page.markdown.length;
    }
  }
  return parts;
}

function toZod(schema: z.ZodType | Record<string, unknown>): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new McpflowError('INVALID_INPUT', 'the extraction schema is not a JSON Schema zod can read', { cause: error });
  }
}

/** A JSON Schema with nothing required, at any depth (a part may hold only some fields). */
function lenient(schema: unknown): Record<string, unknown> {
  if (Array.isArray(schema)) return schema.map(lenient) as unknown as Record<string, unknown>;
  if (typeof schema !== 'object' || schema === null) return schema as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'required')
      .map(([key, value]) => [key, typeof value === 'object' ? lenient(value) : value]),
  );
}
