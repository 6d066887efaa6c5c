import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { CliIo } from '../cli-io.ts';
import type { ExitCode } from '../exit-codes.ts';

/** What `@mcpflow/docs/cli` exports for this command (typed here: mcpflow must not depend on that package). */
interface DocsCliModule {
  runDocsCli(argv: string[], io: CliIo, options: { name: string }): Promise<ExitCode>;
}

// A variable, not a literal: the package is optional, so neither TypeScript nor a bundler may insist on finding it.
const docsCli = '@mcpflow/docs/cli';

/**
 * `mcpflow docs …`: hands every argument to `@mcpflow/docs`, a separate package with parsers and stores this CLI
 * does not need otherwise. Without it: a `MISSING_PROVIDER` error naming the package (exit 3).
 */
export async function runDocs(argv: string[], io: CliIo): Promise<ExitCode> {
  let module: DocsCliModule;
  try {
    module = (await import(docsCli)) as DocsCliModule;
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw cause;
    // No cause shown: "cannot find package" says nothing the message does not.
    throw new McpflowError(
      'MISSING_PROVIDER',
      '`mcpflow docs` needs @mcpflow/docs, which is not installed: npm install @mcpflow/docs',
      {
        data: { package: '@mcpflow/docs' },
      },
    );
  }
  return module.runDocsCli(argv, io, { name: 'mcpflow docs' });
}
