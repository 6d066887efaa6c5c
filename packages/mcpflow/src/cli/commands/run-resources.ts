import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub } from '../open-hub.ts';
import { reportFailedServers } from '../report-failed-servers.ts';

/** `mcpflow resources`: every server's concrete resources and resource templates. */
export async function runResources(options: HubCommandOptions & { server?: string | undefined }, io: CliIo): Promise<ExitCode> {
  const hub = await openHub(options, options.server);
  try {
    const [resources, templates] = await Promise.all([hub.listResources(), hub.listResourceTemplates()]);
    const failed = reportFailedServers(hub, io);
    const rows = {
      resources: resources.map(({ server, uri, definition }) => ({
        server,
        uri,
        name: definition.name,
        mimeType: definition.mimeType ?? null,
        description: definition.description ?? null,
      })),
      templates: templates.map(({ server, name, uriTemplate, variables, definition }) => ({
        server,
        name,
        uriTemplate,
        variables,
        description: definition.description ?? null,
      })),
    };
    if (options.json === true) writeJson(io, rows);
    else {
      for (const row of rows.resources) {
        io.stdout(`${row.server}  ${io.colors.bold(row.uri)}  ${row.mimeType ?? ''}  ${row.name}\n`);
      }
      for (const row of rows.templates) {
        io.stdout(`${row.server}  ${io.colors.bold(row.uriTemplate)}  ${io.colors.dim('(template)')}  ${row.name}\n`);
      }
    }
    return failed ? exitCodes.unavailable : exitCodes.ok;
  } finally {
    await hub.close();
  }
}
