import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub } from '../open-hub.ts';
import { asLine, renderContent } from '../render-content.ts';

/** `mcpflow read URI [--server NAME]`: reads one resource and prints its contents. */
export async function runRead(
  options: HubCommandOptions & { uri: string; server?: string | undefined },
  io: CliIo,
): Promise<ExitCode> {
  const hub = await openHub(options, options.server);
  try {
    const result = await hub.readResource(
      options.server === undefined ? options.uri : { uri: options.uri, server: options.server },
    );
    if (options.json === true) writeJson(io, result);
    else for (const content of result.contents) io.stdout(asLine(renderContent(content)));
    return exitCodes.ok;
  } finally {
    await hub.close();
  }
}
