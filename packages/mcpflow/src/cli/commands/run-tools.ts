import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub } from '../open-hub.ts';
import { reportFailedServers } from '../report-failed-servers.ts';
import { summarizeSchema } from '../summarize-schema.ts';
import { toTerminalBlock, toTerminalLine } from '../to-terminal-text.ts';

/** `mcpflow tools [SERVER]`: every tool's name, description and input schema. */
export async function runTools(options: HubCommandOptions & { server?: string | undefined }, io: CliIo): Promise<ExitCode> {
  const hub = await openHub(options, options.server);
  try {
    const tools = await hub.listTools();
    const failed = reportFailedServers(hub, io);
    if (options.json === true) {
      writeJson(
        io,
        tools.map((tool) => ({
          name: `${tool.server}/${tool.serverToolName}`,
          exposedName: tool.name,
          server: tool.server,
          tool: tool.serverToolName,
          description: tool.description ?? null,
          inputSchema: tool.inputSchema,
          outputSchema: tool.definition.outputSchema ?? null,
          annotations: tool.definition.annotations ?? null,
        })),
      );
    } else {
      for (const tool of tools) {
        io.stdout(
          `${io.colors.bold(toTerminalLine(summarizeSchema(`${tool.server}/${tool.serverToolName}`, tool.inputSchema)))}\n`,
        );
        const description = tool.description?.trim();
        if (description !== undefined && description !== '') {
          for (const line of toTerminalBlock(description).split('\n')) io.stdout(`    ${line}\n`);
        }
      }
    }
    return failed ? exitCodes.unavailable : exitCodes.ok;
  } finally {
    await hub.close();
  }
}
