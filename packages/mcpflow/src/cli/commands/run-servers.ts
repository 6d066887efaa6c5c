import type { McpHub } from '../../client/mcp-hub.ts';
import { type CliIo, writeJson } from '../cli-io.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { type HubCommandOptions, openHub } from '../open-hub.ts';
import { toTerminalLine } from '../to-terminal-text.ts';

/** One row of `mcpflow servers --json`. */
export interface ServerRow {
  name: string;
  transport: string;
  status: string;
  era: string | null;
  protocolVersion: string | null;
  tools: number;
  error: { code: string; message: string } | null;
  /** The last lines the server wrote to stderr, when it failed. */
  stderr: string[];
}

/** Rows for every configured server, after start-up settled. */
export async function collectServerRows(hub: McpHub): Promise<ServerRow[]> {
  const tools = await hub.listTools();
  return hub.servers().map((info) => ({
    name: info.name,
    transport: info.transport,
    status: info.status,
    era: info.era ?? null,
    protocolVersion: info.protocolVersion ?? null,
    tools: tools.filter((tool) => tool.server === info.name).length,
    error: info.lastError === undefined ? null : { code: info.lastError.code, message: info.lastError.message },
    stderr: info.status === 'failed' ? hub.stderr(info.name).slice(-3) : [],
  }));
}

/** `mcpflow servers`: starts every configured server and reports how each one did. Exit 4 when any failed. */
export async function runServers(options: HubCommandOptions, io: CliIo): Promise<ExitCode> {
  const hub = await openHub(options);
  try {
    const rows = await collectServerRows(hub);
    if (options.json === true) writeJson(io, rows);
    else {
      const { colors } = io;
      const width = Math.max(4, ...rows.map((row) => row.name.length));
      for (const row of rows) {
        const status =
          row.status === 'ready'
            ? colors.green(row.status)
            : row.status === 'failed'
              ? colors.red(row.status)
              : colors.yellow(row.status);
        const detail =
          row.status === 'ready'
            ? `${row.tools} tool${row.tools === 1 ? '' : 's'}, ${row.protocolVersion ?? '?'} (${row.era ?? '?'})`
            : toTerminalLine(row.error?.message ?? '');
        io.stdout(`${toTerminalLine(row.name).padEnd(width)}  ${row.transport.padEnd(5)}  ${status}  ${detail}\n`);
        for (const line of row.stderr) io.stdout(`${' '.repeat(width + 2)}${colors.dim(`stderr: ${toTerminalLine(line)}`)}\n`);
      }
    }
    return rows.some((row) => row.status === 'failed') ? exitCodes.unavailable : exitCodes.ok;
  } finally {
    await hub.close();
  }
}
