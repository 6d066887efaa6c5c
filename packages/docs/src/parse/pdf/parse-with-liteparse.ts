import { McpflowError } from 'mcpflow';
import type { ParseOptions } from '../parsed-document.ts';
import type { ParsedPdf } from './parse-pdf.ts';
import { passwordError } from './password-error.ts';

interface LiteParseModule {
  LiteParse: new (
    config: object,
  ) => {
    parse(
      input: Uint8Array,
    ): Promise<{ totalPages: number; pages: Array<{ pageNum: number; width: number; height: number; markdown: string }> }>;
  };
}

/**
 * @internal Parses a PDF with the optional native `@llamaindex/liteparse` (PDFium and its own layout pass), without
 * OCR. Pages come back as Markdown without blocks; metadata is the page count only.
 */
export async function parseWithLiteparse(bytes: Uint8Array, options: ParseOptions): Promise<ParsedPdf> {
  let module: LiteParseModule;
  try {
    module = (await import('@llamaindex/liteparse' as string)) as LiteParseModule;
  } catch (error) {
    throw new McpflowError(
      'INVALID_INPUT',
      'the liteparse backend needs the optional package @llamaindex/liteparse: npm install it',
      {
        cause: error,
      },
    );
  }
  const parser = new module.LiteParse({
    ocrEnabled: false,
    outputFormat: 'markdown',
    quiet: true,
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  let result: Awaited<ReturnType<InstanceType<LiteParseModule['LiteParse']>['parse']>>;
  try {
    result = await parser.parse(bytes);
  } catch (error) {
    const locked = passwordError(error, options.password !== undefined);
    if (locked !== undefined) throw locked;
    throw new McpflowError('INVALID_INPUT', `cannot read the PDF: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const pages = result.pages.map((page) => ({
    number: page.pageNum,
    markdown: page.markdown.trim(),
    width: page.width,
    height: page.height,
  }));
  const markdown = pages.map((page) => `<!-- page ${page.number} -->\n\n${page.markdown}`.trimEnd()).join('\n\n');
  return { markdown, pages, metadata: { pageCount: result.totalPages } };
}
