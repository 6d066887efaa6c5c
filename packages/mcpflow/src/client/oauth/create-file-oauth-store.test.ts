import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { createFileOAuthStore } from './create-file-oauth-store.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'mcpflow-store-'));
  folders.push(path);
  return path;
}

describe('the file OAuth store', () => {
  it('keeps each server apart, in a 0600 file inside a 0700 folder', async () => {
    const path = join(await folder(), 'private', 'oauth.json');
    const store = createFileOAuthStore(path);
    const token = { access_token: 'a', token_type: 'Bearer' };
    await Promise.all([
      store.write('one https://a/mcp', { issuers: { 'https://as': { tokens: token } } }),
      store.write('two https://b/mcp', { issuers: {} }),
    ]);
    expect(await createFileOAuthStore(path).read('one https://a/mcp')).toEqual({ issuers: { 'https://as': { tokens: token } } });
    expect(await store.read('two https://b/mcp')).toEqual({ issuers: {} });
    expect(await store.read('three')).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(path, '..'))).mode & 0o777).toBe(0o700);
  });

  it('refuses a file it cannot read, and leaves it as it was', async () => {
    const path = join(await folder(), 'oauth.json');
    await writeFile(path, 'not json');
    const store = createFileOAuthStore(path);
    const error = await store.write('one', { issuers: {} }).catch((reason: unknown) => reason);
    expect(McpflowError.isInstance(error, 'AUTH_FAILED')).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('not json');
  });
});
