import type { McpHub } from '../client/mcp-hub.ts';
import type { CliIo } from './cli-io.ts';
import { toTerminalLine } from './to-terminal-text.ts';

/** Warns on stderr about every server that failed to start; returns whether any did (listing commands exit 4). */
export function reportFailedServers(hub: McpHub, io: CliIo): boolean {
  const failed = hub.servers().filter((info) => info.status === 'failed');
  for (const info of failed) {
    const reason = toTerminalLine(info.lastError?.message ?? 'failed');
    io.stderr(`${io.colors.yellow('warning:')} server "${toTerminalLine(info.name)}" is unavailable: ${reason}\n`);
  }
  return failed.length > 0;
}
