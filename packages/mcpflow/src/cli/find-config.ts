import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { McpflowError } from '../errors/mcpflow-error.ts';

/** Where Claude Desktop keeps its configuration on this operating system. */
export function claudeDesktopConfigPath(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Claude', 'claude_desktop_config.json');
}

/**
 * The configuration file to use: `--config` as given, else `./mcp.json`, else Claude Desktop's. Throws
 * `CONFIG_INVALID` (with `data.searched`) when none exists.
 */
export function findConfig(explicit: string | undefined, cwd: string = process.cwd()): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const searched = [resolve(cwd, 'mcp.json'), claudeDesktopConfigPath()];
  const found = searched.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new McpflowError('CONFIG_INVALID', `No MCP configuration found (looked for ${searched.join(' and ')})`, {
    data: { searched },
  });
}
