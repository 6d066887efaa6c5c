import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub } from '../open-hub.ts';
import { reportFailedServers } from '../report-failed-servers.ts';

/** `mcpflow prompts [SERVER]`: every prompt with its arguments. */
export async function runPrompts(options: HubCommandOptions & { server?: string | undefined }, io: CliIo): Promise<ExitCode> {
  const hub = await openHub(options, options.server);
  try {
    const prompts = await hub.listPrompts();
    const failed = reportFailedServers(hub, io);
    const rows = prompts.map(({ name, server, serverPromptName, definition }) => ({
      name: `${server}/${serverPromptName}`,
      exposedName: name,
      server,
      prompt: serverPromptName,
      description: definition.description ?? null,
      arguments: (definition.arguments ?? []).map((argument) => ({
        name: argument.name,
        required: argument.required ?? false,
        description: argument.description ?? null,
      })),
    }));
    if (options.json === true) writeJson(io, rows);
    else {
      for (const row of rows) {
        const parameters = row.arguments.map((argument) => `${argument.name}${argument.required ? '' : '?'}`).join(', ');
        io.stdout(`${io.colors.bold(`${row.name}(${parameters})`)}\n`);
        if (row.description !== null && row.description !== '') io.stdout(`    ${row.description}\n`);
      }
    }
    return failed ? exitCodes.unavailable : exitCodes.ok;
  } finally {
    await hub.close();
  }
}
