import { McpflowError } from '../../errors/mcpflow-error.ts';
import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub, parseArgumentsJson, splitQualifiedName } from '../open-hub.ts';
import { renderContent } from '../render-content.ts';

/** `mcpflow prompt SERVER/PROMPT --args JSON`: renders one prompt's messages. Argument values must be strings. */
export async function runPrompt(
  options: HubCommandOptions & { target: string; args?: string | undefined },
  io: CliIo,
): Promise<ExitCode> {
  const parsed = await parseArgumentsJson(options.args);
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    // MCP prompt arguments are strings; numbers and booleans are accepted and sent as their JSON text.
    args[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const { server, name } = splitQualifiedName(options.target);
  const hub = await openHub(options, server);
  try {
    const prompts = await hub.listPrompts();
    const prompt = prompts.find((candidate) =>
      server === undefined ? candidate.name === name : candidate.server === server && candidate.serverPromptName === name,
    );
    if (prompt === undefined) {
      const failure = hub.servers().find((info) => info.status === 'failed')?.lastError;
      if (failure !== undefined) throw failure;
      throw new McpflowError('NOT_FOUND', `No prompt "${options.target}"`, { data: { kind: 'prompt', name: options.target } });
    }
    const result = await hub.getPrompt(prompt.name, args);
    if (options.json === true) writeJson(io, result);
    else {
      if (result.description !== undefined) io.stdout(`${io.colors.dim(result.description)}\n`);
      for (const message of result.messages) {
        io.stdout(`${io.colors.bold(`${message.role}:`)} ${renderContent(message.content)}\n`);
      }
    }
    return exitCodes.ok;
  } finally {
    await hub.close();
  }
}
