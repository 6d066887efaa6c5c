import { type McpflowError, type McpflowErrorCode, toMcpflowError } from '../errors/mcpflow-error.ts';
import type { CliIo } from './cli-io.ts';
import { type ExitCode, exitCodeOf } from './exit-codes.ts';
import { toTerminalBlock, toTerminalLine } from './to-terminal-text.ts';

type Hint = (error: McpflowError) => string | undefined;

const listed = (values: unknown) => (Array.isArray(values) && values.length > 0 ? values.join(', ') : undefined);

// One hint per code: what the person can do next. The message already says what went wrong.
const hints: Partial<Record<McpflowErrorCode, Hint>> = {
  CONFIG_INVALID: (error) =>
    error.data?.searched !== undefined
      ? 'create ./mcp.json ({"mcpServers": {...}}, see examples/mcp.json) or pass --config FILE'
      : error.data?.reason === 'missing'
        ? 'check the path; TypeScript modules (.ts) run as they are'
        : error.data?.reason === 'load'
          ? 'the module itself failed; run it with node to see the full error'
          : error.data?.module !== undefined
            ? 'export default createMcpflowServer(...), or export workflows (and a `tools` tool set) by name'
            : 'fix the file named above; `mcpflow servers --config FILE` checks a configuration',
  SERVER_NOT_FOUND: (error) => {
    const known = listed(error.data?.known);
    return known === undefined ? 'no servers are configured' : `configured servers: ${known}`;
  },
  NOT_FOUND: (error) => {
    const kind = error.data?.kind;
    if (kind === 'prompt') return '`mcpflow prompts` lists the prompt names (SERVER/PROMPT)';
    if (kind === 'resource') return '`mcpflow resources` lists the URIs and templates; --server NAME reads from one server';
    if (kind === 'workflow') return `workflows in the module: ${listed(error.data?.known) ?? 'none'}`;
    return '`mcpflow tools` lists the tool names (SERVER/TOOL)';
  },
  INVALID_ARGUMENTS: (error) =>
    typeof error.data?.help === 'string'
      ? error.data.help
      : error.data?.prompt !== undefined
        ? "pass --args as a JSON object; `mcpflow prompts` shows each prompt's arguments"
        : 'pass --args as a JSON object; `mcpflow tools SERVER` shows each input schema',
  CONNECTION_FAILED: () => "`mcpflow servers` shows every server's status and the last lines of its stderr",
  CONNECTION_CLOSED: () => "`mcpflow servers` shows every server's status and the last lines of its stderr",
  REQUEST_TIMEOUT: () => 'raise the limit with --timeout MS (progress notifications restart it)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the hint shows the configuration syntax `${env:NAME}`.
  UNAUTHORIZED: () => 'set the server\'s "headers" in the configuration, e.g. "Authorization": "Bearer ${env:TOKEN}"',
  FORBIDDEN: () => 'the credentials lack a scope the server requires',
  MISSING_CREDENTIALS: (error) =>
    `export ${String(error.data?.variable ?? 'the key variable')}=… first, or use a local model: --model ollama:<model>`,
  MISSING_PROVIDER: (error) =>
    `mcpflow installed with npm install -g? then install this with -g too: npm install -g ${String(error.data?.package ?? '')}`,
  INVALID_MODEL: () => 'models: ollama:<model>, openai:<model>, anthropic:<model>, or --base-url URL --model NAME',
  PASSWORD_REQUIRED: () => 'pass --password (it asks, or reads stdin), or set MCPFLOW_PDF_PASSWORD',
  PASSWORD_INCORRECT: () => 'check the password; $MCPFLOW_PDF_PASSWORD is used when --password is not given',
  INTERNAL: () => 'this looks like a bug in mcpflow; rerun with MCPFLOW_DEBUG=1 for the stack trace',
};

/**
 * Writes a failure as one line plus a hint (never a stack trace unless `MCPFLOW_DEBUG` is set) and returns the
 * exit code it maps to.
 */
export function reportError(io: CliIo, thrown: unknown): ExitCode {
  const error = toMcpflowError(thrown);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
  // Messages carry what servers sent: shown escaped, so they cannot forge lines or drive the terminal.
  io.stderr(`${io.colors.red('mcpflow:')} ${toTerminalLine(`${error.message}${cause}`)}\n`);
  const hint = hints[error.code]?.(error);
  if (hint !== undefined) io.stderr(`${io.colors.dim(`hint: ${toTerminalLine(hint)}`)}\n`);
  if (process.env.MCPFLOW_DEBUG !== undefined && process.env.MCPFLOW_DEBUG !== '') {
    io.stderr(`${stackOf(thrown)}\n`);
  }
  return exitCodeOf(error.code);
}

/** The stack trace for the terminal: its first line holds the (server-sent) message, escaped as one line. */
function stackOf(thrown: unknown): string {
  if (!(thrown instanceof Error) || thrown.stack === undefined) return toTerminalLine(String(thrown));
  const header = `${thrown.name}: ${thrown.message}`;
  if (!thrown.stack.startsWith(header)) return toTerminalBlock(thrown.stack);
  return toTerminalLine(header) + toTerminalBlock(thrown.stack.slice(header.length));
}
