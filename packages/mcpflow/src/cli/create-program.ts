import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from './cli-io.ts';
import type { ExitCode } from './exit-codes.ts';

// Read once from the package itself so `--version` never drifts from package.json.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const epilogue = `
Configuration: --config FILE, else ./mcp.json, else Claude Desktop's claude_desktop_config.json.
Address tools and prompts as SERVER/NAME (e.g. files/read_text_file).

Exit codes:
  0  ok
  1  the tool, prompt or read failed (a tool result with isError, a server error)
  2  usage: unknown command or flag, bad --args, unknown server, tool or model
  3  configuration missing or invalid: the file, the module for serve/diagram, chat's API key or provider package,
     or @mcpflow/docs for docs
  4  a server could not be started or reached, or refused the credentials
  130  cancelled with Ctrl-C`;

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

/** Adds the options every hub command shares. */
function hubCommand(command: Command): Command {
  return command
    .option('-c, --config <file>', "MCP configuration (default: ./mcp.json, then Claude Desktop's)")
    .option('--json', 'machine-readable JSON on stdout')
    .option('--timeout <ms>', 'limit for one request (progress restarts it)', positiveInteger);
}

/**
 * The `mcpflow` command line. Only parsing lives here: each action imports its `run*` function when it runs, so
 * `mcpflow --version` and `--help` load no SDK, zod or hub code. `setExitCode` receives the action's exit code.
 */
export function createProgram(io: CliIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command('mcpflow')
    .description('Chat with a model over your MCP servers, call their tools, serve your workflows.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .addHelpText('after', epilogue);
  program
    .command('chat')
    .summary('chat with a model over the configured servers')
    .description("chat with a model that can use every configured server's tools; Ctrl-C cancels a turn")
    .option('-c, --config <file>', "MCP configuration (default: ./mcp.json, then Claude Desktop's)")
    .option(
      '-m, --model <model>',
      'ollama:<model>, openai:<model>, anthropic:<model>, URL#<model>, or a model name with --base-url (default: $MCPFLOW_MODEL)',
    )
    .option('--base-url <url>', 'any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (key: $OPENAI_COMPATIBLE_API_KEY)')
    .option('--system <text>', 'system prompt')
    .option('--max-steps <n>', 'model steps per turn', positiveInteger, 10)
    .addOption(
      new Option('--approval <policy>', "ask before each tool call and each server's use of the model, or never ask")
        .choices(['ask', 'auto'])
        .default('ask'),
    )
    .action(async (options) => {
      const { runChat } = await import('./commands/run-chat.ts');
      setExitCode(await runChat(options, io));
    });
  hubCommand(
    program
      .command('servers')
      .summary('start every server and show its status')
      .description('start every configured server and show its status; exit 4 when any failed'),
  ).action(async (options) => {
    const { runServers } = await import('./commands/run-servers.ts');
    setExitCode(await runServers(options, io));
  });
  hubCommand(
    program
      .command('tools')
      .argument('[server]', 'only this server')
      .description('list tools with descriptions and input schemas'),
  ).action(async (server: string | undefined, options) => {
    const { runTools } = await import('./commands/run-tools.ts');
    setExitCode(await runTools({ ...options, server }, io));
  });
  hubCommand(
    program
      .command('call')
      .argument('<target>', 'SERVER/TOOL')
      .option('-a, --args <json>', 'tool arguments: a JSON object, @FILE, or - for stdin', '{}')
      .summary('call a tool and print its result')
      .description('call a tool; progress on stderr, result on stdout, exit 1 when the tool reports isError'),
  ).action(async (target: string, options) => {
    const { runCall } = await import('./commands/run-call.ts');
    setExitCode(await runCall({ ...options, target }, io));
  });
  hubCommand(
    program.command('resources').argument('[server]', 'only this server').description('list resources and resource templates'),
  ).action(async (server: string | undefined, options) => {
    const { runResources } = await import('./commands/run-resources.ts');
    setExitCode(await runResources({ ...options, server }, io));
  });
  hubCommand(
    program
      .command('read')
      .argument('<uri>', 'resource URI')
      .option('-s, --server <name>', 'the server that owns the URI (default: found from the catalog)')
      .description('read a resource'),
  ).action(async (uri: string, options) => {
    const { runRead } = await import('./commands/run-read.ts');
    setExitCode(await runRead({ ...options, uri }, io));
  });
  hubCommand(
    program.command('prompts').argument('[server]', 'only this server').description('list prompts and their arguments'),
  ).action(async (server: string | undefined, options) => {
    const { runPrompts } = await import('./commands/run-prompts.ts');
    setExitCode(await runPrompts({ ...options, server }, io));
  });
  hubCommand(
    program
      .command('prompt')
      .argument('<target>', 'SERVER/PROMPT')
      .option('-a, --args <json>', 'prompt arguments: a JSON object, @FILE, or - for stdin', '{}')
      .description("render a prompt's messages"),
  ).action(async (target: string, options) => {
    const { runPrompt } = await import('./commands/run-prompt.ts');
    setExitCode(await runPrompt({ ...options, target }, io));
  });
  program
    .command('serve')
    .argument('<file>', 'module exporting an mcpflow server, or workflows and `tools`')
    .option('--stdio', 'serve over stdio (the default)')
    .option('--http <[host:]port>', 'serve Streamable HTTP instead (host defaults to 127.0.0.1)')
    .option('--name <name>', 'server name when the module exports no server (default: the file name)')
    .summary("serve a module's workflows and tools over MCP")
    .description("serve a module's workflows, tools, resources and prompts over MCP (stdio, or Streamable HTTP on 127.0.0.1)")
    .action(async (file: string, options: { stdio?: boolean; http?: string; name?: string }) => {
      if (options.stdio === true && options.http !== undefined) {
        program.error('error: --stdio and --http cannot be used together', { exitCode: 2, code: 'mcpflow.conflict' });
      }
      const { runServe } = await import('./commands/run-serve.ts');
      setExitCode(await runServe({ ...options, file }, io));
    });
  program
    .command('docs')
    .summary('parse, index, query, extract and serve documents (needs @mcpflow/docs)')
    .description('document services from @mcpflow/docs: `mcpflow docs --help` lists its commands')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[arguments...]', 'a docs command and its options')
    .action(async (_arguments: string[], _options: object, command: Command) => {
      const { runDocs } = await import('./commands/run-docs.ts');
      setExitCode(await runDocs(command.args, io));
    });
  program
    .command('diagram')
    .argument('<file>', 'module exporting a workflow')
    .option('-w, --workflow <name>', 'which workflow, when the module exports several')
    .description('print a workflow as a Mermaid flowchart')
    .action(async (file: string, options: { workflow?: string }) => {
      const { runDiagram } = await import('./commands/run-diagram.ts');
      setExitCode(await runDiagram({ ...options, file }, io));
    });
  return program;
}
