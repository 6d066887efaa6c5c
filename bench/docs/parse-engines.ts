import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { parseDocument } from '@mcpflow/docs';
import { rawPdfText } from '../../packages/docs/src/test-support/raw-pdf-text.ts';

/** A PDF engine under test: bytes in, Markdown (or plain text) out. */
export interface ParseEngine {
  name: string;
  parse(bytes: Uint8Array): Promise<string>;
}

/** Our parser: pdf.js plus the layout pass, on one thread (the default uses two on a multi-core machine). */
export const mcpflowEngine: ParseEngine = {
  name: 'mcpflow',
  parse: async (bytes) => (await parseDocument({ bytes, name: 'bench.pdf' }, { concurrency: 1 })).markdown,
};

/**
 * Our parser with pages scanned by this thread and worker threads (a thread per core, at most 4; one per 12 pages); on
 * a 2-core machine this is the default.
 */
export const mcpflowWorkersEngine: ParseEngine = {
  name: `mcpflow ×${Math.min(availableParallelism(), 4)}`,
  parse: async (bytes) =>
    (await parseDocument({ bytes, name: 'bench.pdf' }, { concurrency: Math.min(availableParallelism(), 4) })).markdown,
};

/** pdf.js text extraction alone (content-stream order, no layout): the floor. */
export const rawPdfjsEngine: ParseEngine = {
  name: 'pdf.js raw',
  parse: async (bytes) => (await rawPdfText(bytes)).text,
};

interface LiteParseClass {
  new (config: object): { parse(input: Uint8Array): Promise<{ pages: Array<{ markdown: string }> }> };
}

/** `@llamaindex/liteparse` (native PDFium + its layout pass), Markdown without OCR — when it is installed. */
export async function liteparseEngine(): Promise<ParseEngine | string> {
  try {
    createRequire(import.meta.url).resolve('@llamaindex/liteparse');
  } catch {
    return '@llamaindex/liteparse is not installed (npm install it in bench/ to compare)';
  }
  const { LiteParse } = (await import('@llamaindex/liteparse' as string)) as { LiteParse: LiteParseClass };
  const parser = new LiteParse({ ocrEnabled: false, outputFormat: 'markdown', quiet: true, maxPages: 100_000 });
  return {
    name: 'liteparse',
    parse: async (bytes) => (await parser.parse(bytes)).pages.map((page) => page.markdown).join('\n\n'),
  };
}
