import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import { createDocsServer } from '../server/create-docs-server.ts';
import { resolveInRoots } from './resolve-in-roots.ts';

const secretText = 'SECRET-c81f0e: outside every root';

// Attempts to read outside the roots of the document server: encodings, absolute paths, sibling prefixes,
// symbolic links to files and folders, loops. Through resolveInRoots and end to end over MCP.
describe('path traversal and symlink escape', () => {
  let base = '';
  let root = '';
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'mcpflow-escape-'));
    root = join(base, 'root');
    await mkdir(join(root, 'docs', 'nested'), { recursive: true });
    await writeFile(join(root, 'docs', 'inside.md'), '# Inside\n\nallowed');
    await writeFile(join(base, 'secret.md'), `# Secret\n\n${secretText}`);
    // A sibling whose name starts with the root's name: a naive prefix check lets it through.
    await mkdir(join(base, 'root-evil'));
    await writeFile(join(base, 'root-evil', 'secret.md'), `# Secret\n\n${secretText}`);
    await symlink(base, join(root, 'docs', 'nested', 'up')); // a folder link out
    await symlink(join(base, 'secret.md'), join(root, 'docs', 'secret-link.md')); // a file link out
    await symlink(join(root, 'docs', 'inside.md'), join(root, 'docs', 'inside-link.md')); // a link that stays in
    await symlink(join(root, 'docs', 'loop-b'), join(root, 'docs', 'loop-a'));
    await symlink(join(root, 'docs', 'loop-a'), join(root, 'docs', 'loop-b'));
    await symlink(join(base, 'missing.md'), join(root, 'docs', 'dangling.md'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const escapes = () => [
    '../secret.md',
    'docs/../../secret.md',
    'docs/nested/../../../secret.md',
    './../secret.md',
    'docs/nested/up/secret.md',
    'docs/secret-link.md',
    join(base, 'secret.md'),
    join(base, 'root-evil', 'secret.md'),
    `${root}/../secret.md`,
    `${root}-evil/secret.md`,
    '/etc/passwd',
    '/proc/self/environ',
  ];
  // Not traversal once taken literally (no URL decoding, no backslash separators on POSIX): they name nothing.
  const literal = [
    '..%2fsecret.md',
    '..%2F..%2Fsecret.md',
    '%2e%2e/secret.md',
    '..\\secret.md',
    'file:///etc/passwd',
    `docs/${'a'.repeat(5000)}`,
  ];

  it('refuses every escape with FORBIDDEN, and finds nothing at encoded or backslash paths', async () => {
    for (const path of escapes()) await expect(resolveInRoots([root], path), path).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const path of literal) await expect(resolveInRoots([root], path), path).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const path of ['docs/loop-a', 'docs/dangling.md']) {
      await expect(resolveInRoots([root], path), path).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(resolveInRoots([root], 'docs/inside.md\u0000.png')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A link that stays inside is fine, and resolves to its real location.
    expect((await resolveInRoots([root], 'docs/inside-link.md')).relativePath).toBe(join('docs', 'inside.md'));
    // A configured root that is itself reached through a link still confines.
    const linkedRoot = join(base, 'linked-root');
    await symlink(root, linkedRoot);
    expect((await resolveInRoots([linkedRoot], 'docs/inside.md')).relativePath).toBe(join('docs', 'inside.md'));
    await expect(resolveInRoots([linkedRoot], '../secret.md')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('over MCP: parse_document and index_files refuse every escape, and no answer carries the secret', async () => {
    const store = createSqliteDocumentStore({ path: ':memory:' });
    const http = await serveHttp(createDocsServer({ store, roots: [root] }));
    const client = new Client({ name: 'escape-test', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    try {
      await client.connect(new StreamableHTTPClientTransport(http.url));
      for (const path of [...escapes(), ...literal]) {
        const parsed = await client.callTool({ name: 'parse_document', arguments: { path } });
        expect(parsed.isError, path).toBe(true);
        // Paths longer than the tool's 4,096-character limit are refused by its input schema before any file access.
        expect(JSON.stringify(parsed.content), path).toMatch(
          /outside the allowed roots|no file or folder|expected string to have <=4096 characters/,
        );
        expect(JSON.stringify(parsed)).not.toContain(secretText);
      }
      for (const path of ['..', 'docs/nested/up', join(base, 'root-evil')]) {
        const indexed = await client.callTool({ name: 'index_files', arguments: { index: 'main', directory: path } });
        expect(indexed.isError, path).toBe(true);
        expect(JSON.stringify(indexed.content), path).toContain('outside the allowed roots');
      }
      // Indexing the whole root skips the links that lead out; nothing secret is searchable afterwards.
      const indexed = await client.callTool({ name: 'index_files', arguments: { index: 'main', directory: '.' } });
      expect(indexed.isError, JSON.stringify(indexed.content)).not.toBe(true);
      expect((await store.search('main', 'SECRET')).length).toBe(0);
      const inside = await client.callTool({ name: 'parse_document', arguments: { path: 'docs/inside.md' } });
      expect(inside.structuredContent).toMatchObject({ markdown: expect.stringContaining('allowed') });
    } finally {
      await client.close();
      await http.close();
      store.close();
    }
  });
});
