import type { ElicitResult } from '@modelcontextprotocol/client';
import type { ElicitationHandler } from '../../client/mcp-hub-options.ts';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import type { FormSchema } from '../chat/chat-session.ts';
import { type CliIo, writeJson } from '../cli-io.ts';
import { createProgressReporter, type ProgressReporter } from '../create-progress-reporter.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub, parseArgumentsJson, splitQualifiedName } from '../open-hub.ts';
import { asLine, renderToolResult } from '../render-content.ts';
import { reportError } from '../report-error.ts';
import { toTerminalLine } from '../to-terminal-text.ts';

/** Options of `mcpflow call`. */
export interface CallOptions extends HubCommandOptions {
  /** `SERVER/TOOL`, or the hub's exposed name `server__tool`. */
  target: string;
  /** The arguments as a JSON object. */
  args?: string | undefined;
}

/**
 * `mcpflow call SERVER/TOOL --args JSON`: calls one tool, progress on stderr, the result on stdout. A result with
 * `isError` exits 1 (its content still printed); Ctrl-C cancels the call (the server is told) and exits 130.
 */
export async function runCall(options: CallOptions, io: CliIo): Promise<ExitCode> {
  const args = await parseArgumentsJson(options.args);
  const { server, name } = splitQualifiedName(options.target);
  let progress: ProgressReporter | undefined;
  // On a terminal, a server may ask the user for input mid-call (MCP elicitation); the form becomes prompts.
  const elicitation: ElicitationHandler = async (params, context) => {
    progress?.stop();
    if (params.mode === 'url') {
      io.stderr(
        `${toTerminalLine(context.server)} asks you to open ${toTerminalLine(params.url)}: declined (URL elicitation is not supported yet)\n`,
      );
      return { action: 'decline' };
    }
    const { askForm } = await import('../chat/ask-in-terminal.ts');
    return (await askForm(context.server, params.message, params.requestedSchema as FormSchema)) as ElicitResult;
  };
  const interactive = io.interactive && process.stdin.isTTY === true;
  const hub = await openHub(options, server, interactive ? { elicitation } : {});
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const tools = await hub.listTools();
    const tool = tools.find((candidate) =>
      server === undefined ? candidate.name === name : candidate.server === server && candidate.serverToolName === name,
    );
    if (tool === undefined) {
      const failure = hub.servers().find((info) => info.status === 'failed')?.lastError;
      if (failure !== undefined) throw failure;
      throw new McpflowError('NOT_FOUND', `No tool "${options.target}"`, { data: { kind: 'tool', name: options.target } });
    }
    const reporter = createProgressReporter(io, options.target);
    progress = reporter;
    try {
      const result = await hub.callTool(tool.name, args, {
        signal: controller.signal,
        onProgress: (update) => reporter.update(update),
      });
      reporter.stop();
      if (options.json === true) writeJson(io, result);
      else io.stdout(asLine(renderToolResult(result)));
      return exitCodes.ok;
    } catch (error) {
      reporter.stop();
      // An isError result is the tool's answer: print it where the result would go, then fail.
      if (McpflowError.isInstance(error, 'TOOL_ERROR') && error.data?.result !== undefined) {
        const result = error.data.result as Parameters<typeof renderToolResult>[0];
        if (options.json === true) writeJson(io, result);
        else io.stdout(asLine(renderToolResult(result)));
        io.stderr(`${io.colors.red('mcpflow:')} tool ${options.target} reported an error (isError)\n`);
        return exitCodes.failure;
      }
      if (controller.signal.aborted) return reportError(io, new McpflowError('CANCELLED', `Cancelled ${options.target}`));
      throw error;
    }
  } finally {
    process.off('SIGINT', cancel);
    await hub.close();
  }
}
