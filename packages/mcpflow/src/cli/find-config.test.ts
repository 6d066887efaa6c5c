import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { claudeDesktopConfigPath, findConfig } from './find-config.ts';

describe('config discovery', () => {
  it('knows where Claude Desktop keeps its configuration on each system', () => {
    expect(claudeDesktopConfigPath('darwin', {}, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Claude/claude_desktop_config.json',
    );
    expect(claudeDesktopConfigPath('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      join('C:\\Users\\ada\\AppData\\Roaming', 'Claude', 'claude_desktop_config.json'),
    );
    expect(claudeDesktopConfigPath('linux', {}, '/home/ada')).toBe('/home/ada/.config/Claude/claude_desktop_config.json');
    expect(claudeDesktopConfigPath('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe(
      '/cfg/Claude/claude_desktop_config.json',
    );
  });

  it('takes --config as given, else ./mcp.json', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcpflow-find-config-'));
    try {
      expect(findConfig('other.json', directory)).toBe(join(directory, 'other.json'));
      await writeFile(join(directory, 'mcp.json'), '{}');
      expect(findConfig(undefined, directory)).toBe(join(directory, 'mcp.json'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('says where it looked when nothing is found', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcpflow-find-config-'));
    const home = process.env.HOME;
    const xdg = process.env.XDG_CONFIG_HOME;
    process.env.HOME = directory;
    process.env.XDG_CONFIG_HOME = join(directory, 'config');
    try {
      let thrown: unknown;
      try {
        findConfig(undefined, directory);
      } catch (error) {
        thrown = error;
      }
      expect(McpflowError.isInstance(thrown, 'CONFIG_INVALID')).toBe(true);
      expect((thrown as McpflowError).data?.searched).toEqual([
        join(directory, 'mcp.json'),
        join(directory, 'config', 'Claude', 'claude_desktop_config.json'),
      ]);
    } finally {
      if (home === undefined) delete process.env.HOME;
      else process.env.HOME = home;
      if (xdg === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = xdg;
      await rm(directory, { recursive: true, force: true });
    }
  });
});
