import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { serveHttp } from 'mcpflow/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { encryptPdf, qpdfAvailable } from '../test-support/encrypt-pdf.ts';
import { tablePage } from '../test-support/pdf-fixtures.ts';
import { createDocsServer } from './create-docs-server.ts';

if (!qpdfAvailable)
  console.warn('SKIPPED: qpdf is not installed (apt-get install qpdf), so the tools are not tested on encrypted PDFs');

describe.skipIf(!qpdfAvailable)('parse_document and index_files on password-protected PDFs', () => {
  let root = '';
  let store: DocumentStore;
  let client: Client;
  let close = async () => {};
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mcpflow-docs-password-tools-'));
    await writeFile(join(root, 'locked.pdf'), await encryptPdf((await tablePage(true)).bytes, 'tool-secret', 'tool-owner'));
    store = createSqliteDocumentStore({ path: ':memory:' });
    const http = await serveHttp(createDocsServer({ store, roots: [root] }));
    client = new Client({ name: 'password-tools', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(http.url));
    close = async () => {
      await client.close();
      await http.close();
    };
  });
  afterAll(async () => {
    await close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
    JSON.stringify((result as { content: unknown }).content) + JSON.stringify(result.structuredContent ?? null);

  it('parses with the password; without it or with a wrong one the error says which, and never repeats it', async () => {
    const parsed = await client.callTool({ name: 'parse_document', arguments: { path: 'locked.pdf', password: 'tool-secret' } });
    expect(parsed.isError).toBeFalsy();
    expect((parsed.structuredContent as { markdown: string }).markdown).toContain('revenue by region');
    expect(text(parsed)).not.toContain('tool-secret');
    const missing = await client.callTool({ name: 'parse_document', arguments: { path: 'locked.pdf' } });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('it is encrypted and needs a password');
    const wrong = await client.callTool({ name: 'parse_document', arguments: { path: 'locked.pdf', password: 'wrong-guess' } });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toContain('the password given for it is incorrect');
    expect(text(wrong)).not.toContain('wrong-guess');
  });

  it('indexes encrypted PDFs with the password, and reports a wrong one per file', async () => {
    const wrong = await client.callTool({
      name: 'index_files',
      arguments: { index: 'locked', directory: '.', password: 'wrong-guess' },
    });
    expect(wrong.structuredContent).toMatchObject({
      added: 0,
      failed: [{ file: 'locked.pdf', error: 'cannot read the PDF: the password given for it is incorrect' }],
    });
    expect(text(wrong)).not.toContain('wrong-guess');
    const right = await client.callTool({
      name: 'index_files',
      arguments: { index: 'locked', directory: '.', password: 'tool-owner' },
    });
    expect(right.structuredContent).toMatchObject({ added: 1, failed: [] });
    expect((await store.search('locked', 'revenue region', { limit: 1 }))[0]?.documentId).toBe('locked.pdf');
  });
});
