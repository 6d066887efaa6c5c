import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import { indexDirectory } from './index-directory.ts';
import { resolveInRoots } from './resolve-in-roots.ts';

describe('confinement to roots', () => {
  let base = '';
  let root = '';
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'mcpflow-roots-'));
    root = join(base, 'root');
    await mkdir(join(root, 'docs'), { recursive: true });
    await writeFile(join(root, 'docs', 'inside.md'), '# Inside\n\nallowed');
    await writeFile(join(base, 'secret.md'), '# Secret\n\nnot allowed');
    await symlink(join(base, 'secret.md'), join(root, 'docs', 'escape.md'));
    await symlink(base, join(root, 'outside-folder'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('resolves paths inside the roots', async () => {
    expect((await resolveInRoots([root], 'docs/inside.md')).relativePath).toBe(join('docs', 'inside.md'));
    expect((await resolveInRoots([root], join(root, 'docs'))).relativePath).toBe('docs');
  });

  it('refuses traversal, absolute paths outside, and symbolic links that lead out', async () => {
    await expect(resolveInRoots([root], '../secret.md')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(resolveInRoots([root], join(base, 'secret.md'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(resolveInRoots([root], 'docs/escape.md')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(resolveInRoots([root], 'outside-folder/secret.md')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(resolveInRoots([root], 'docs/missing.md')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(resolveInRoots([], 'docs/inside.md')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('indexes a folder without following a link out of the roots, and reports the refusal', async () => {
    const store = createSqliteDocumentStore({ path: ':memory:' });
    const report = await indexDirectory(store, 'docs', { index: 'main', roots: [root] });
    expect(report).toMatchObject({
      added: 1,
      failed: [{ file: 'escape.md', error: expect.stringContaining('outside the allowed roots') }],
    });
    expect((await store.search('main', 'secret')).length).toBe(0);
    await expect(indexDirectory(store, '..', { index: 'main', roots: [root] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    store.close();
  });
});
