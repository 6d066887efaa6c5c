import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { MockLanguageModelV4 } from 'ai/test';
import { serveHttp } from 'mcpflow/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The SDK client has no tasks (SEP-2663) requester yet: mcpflow's own tests speak the wire for them, as this one does.
import { modernRequest, waitForTask } from '../../../mcpflow/src/server/test-support/modern-request.fixture.ts';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';
import { createSqliteDocumentStore } from '../index/create-sqlite-document-store.ts';
import type { DocumentStore } from '../index/document-store.ts';
import { versionOf } from '../test-support/describe-document-store.ts';
import { createDocsServer, type DocsServerOptions } from './create-docs-server.ts';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

describe('the docs MCP server tools', () => {
  let root = '';
  let outside = '';
  let store: DocumentStore;
  let web: Server | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mcpflow-docs-root-'));
    outside = await mkdtemp(join(tmpdir(), 'mcpflow-docs-outside-'));
    await mkdir(join(root, 'notes'));
    await writeFile(join(root, 'notes', 'a.md'), '# Alpha\n\nThe alpha release ships on Monday.');
    await writeFile(join(outside, 'secret.md'), '# Secret\n\nDo not read.');
    await symlink(join(outside, 'secret.md'), join(root, 'notes', 'link.md'));
    await symlink(outside, join(root, 'escape'));
    store = createSqliteDocumentStore({ path: ':memory:', embedder: createHashingEmbedder({ dimensions: 64 }) });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await store.close();
    web?.close();
    web = undefined;
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  async function connect(options: Partial<DocsServerOptions> = {}) {
    const http = await serveHttp(createDocsServer({ store, roots: [root], ...options }));
    const client = new Client({ name: 'docs-tools-test', version: '1.0.0' }, {
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    } as never);
    await client.connect(new StreamableHTTPClientTransport(http.url));
    cleanups.push(async () => {
      await client.close();
      await http.close();
    });
    return client;
  }
  const errorText = (result: { content?: unknown }) => JSON.stringify(result.content);

  it('refuses traversal and symbolic links that lead out of the roots, for every way in', async () => {
    const client = await connect();
    for (const path of [
      `../${outside.split('/').pop()}/secret.md`,
      join(outside, 'secret.md'),
      'notes/link.md',
      'escape/secret.md',
    ]) {
      const result = await client.callTool({ name: 'parse_document', arguments: { path } });
      expect(result.isError, path).toBe(true);
      expect(errorText(result)).toContain('outside the allowed roots');
    }
    const indexed = await client.callTool({ name: 'index_files', arguments: { index: 'x', directory: 'escape' } });
    expect(indexed.isError).toBe(true);
    const inside = await client.callTool({ name: 'index_files', arguments: { index: 'x', directory: '.' } });
    expect(inside.structuredContent).toMatchObject({ added: 1 });
    expect((inside.structuredContent as { failed: { file: string }[] }).failed.map((entry) => entry.file)).toContain(
      'notes/link.md',
    );
    expect(JSON.stringify(await client.callTool({ name: 'grep', arguments: { index: 'x', text: 'Do not read' } }))).not.toContain(
      'Do not read.',
    );
  });

  it('refuses URLs to loopback, private and link-local addresses, and redirects to them', async () => {
    web = createServer((request, response) => {
      if (request.url === '/doc.md') return response.end('# Fetched\n\nFrom the web.');
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    });
    await new Promise<void>((resolve) => web?.listen(0, '127.0.0.1', resolve));
    const port = (web.address() as AddressInfo).port;
    const guarded = await connect();
    for (const url of [
      `http://127.0.0.1:${port}/doc.md`,
      `http://localhost:${port}/doc.md`,
      `http://[::1]:${port}/doc.md`,
      `http://[::ffff:127.0.0.1]:${port}/doc.md`,
      `http://2130706433:${port}/doc.md`,
      'http://10.0.0.1/doc.md',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const result = await guarded.callTool({ name: 'parse_document', arguments: { url } });
      expect(result.isError, url).toBe(true);
      expect(errorText(result), url).toContain('non-public address');
    }
    const scheme = await guarded.callTool({ name: 'parse_document', arguments: { url: 'file:///etc/passwd' } });
    expect(errorText(scheme)).toContain('only http and https');

    // Allowing this one loopback server: its document is fetched, but its redirect to the metadata address is not followed.
    const allowing = await connect({ urls: { allowAddress: (address) => address === '127.0.0.1' } });
    const fetched = await allowing.callTool({ name: 'parse_document', arguments: { url: `http://127.0.0.1:${port}/doc.md` } });
    expect(fetched.structuredContent).toMatchObject({ title: 'Fetched', pages: [{ number: 1 }] });
    const redirected = await allowing.callTool({ name: 'parse_document', arguments: { url: `http://127.0.0.1:${port}/go` } });
    expect(errorText(redirected)).toContain('169.254.169.254');
    const none = await connect({ urls: false });
    expect(errorText(await none.callTool({ name: 'parse_document', arguments: { url: 'https://example.com/a.md' } }))).toContain(
      'does not fetch URLs',
    );
  });

  it('parses inline base64, reads page ranges, retrieves by hybrid search and serves resources', async () => {
    await store.upsert(
      'docs',
      versionOf('manual.md', ['# Setup\n\nInstall the agent.', '## Usage\n\nRun the agent nightly.', 'Appendix.']),
    );
    const client = await connect();
    const parsed = await client.callTool({
      name: 'parse_document',
      arguments: { content: Buffer.from('# Inline\n\nHello.').toString('base64'), name: 'inline.md' },
    });
    expect(parsed.structuredContent).toMatchObject({ title: 'Inline', totalPages: 1, mediaType: 'text/markdown' });
    expect(errorText(await client.callTool({ name: 'parse_document', arguments: { content: 'aGk=' } }))).toContain(
      'needs a name',
    );
    expect(
      errorText(await client.callTool({ name: 'parse_document', arguments: { path: 'notes/a.md', url: 'http://x/' } })),
    ).toContain('exactly one');

    const pages = await client.callTool({
      name: 'read_document',
      arguments: { index: 'docs', id: 'manual.md', fromPage: 2, toPage: 3 },
    });
    expect(pages.structuredContent).toMatchObject({ totalPages: 3, pages: [{ number: 2 }, { number: 3 }] });
    expect((pages.structuredContent as { markdown: string }).markdown).not.toContain('Install');
    expect(
      errorText(await client.callTool({ name: 'read_document', arguments: { index: 'docs', id: 'manual.md', fromPage: 9 } })),
    ).toContain('has 3 pages');

    const retrieved = await client.callTool({ name: 'retrieve', arguments: { index: 'docs', query: 'nightly agnt' } });
    const content = retrieved.structuredContent as {
      mode: string;
      hits: { heading: string; page: number; uri: string; vectorRank?: number }[];
    };
    expect(content.mode).toBe('hybrid');
    expect(content.hits[0]).toMatchObject({ heading: 'Setup > Usage', page: 2, uri: 'doc://docs/manual.md' });
    const indexes = await client.callTool({ name: 'list_indexes', arguments: {} });
    expect(indexes.structuredContent).toMatchObject({ vector: 'sqlite-vec', embedder: 'hashing-v1@64' });
    const tools = (await client.listTools()).tools;
    expect(tools.find((tool) => tool.name === 'index_files')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(tools.find((tool) => tool.name === 'parse_document')?.annotations).toMatchObject({
      readOnlyHint: true,
      openWorldHint: true,
    });
    expect(tools.some((tool) => tool.name === 'extract')).toBe(false);
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((template) => template.uriTemplate)).toContain('doc://{index}/{+id}');
  });

  it('extracts structured data with verified citations from an indexed document, with progress', async () => {
    await store.upsert('docs', versionOf('invoice.md', ['# Invoice INV-7\n\nTotal: 40 EUR']));
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        content: [
          {
            type: 'text',
            text: JSON.stringify({
              data: { number: 'INV-7', total: 40 },
              citations: [
                { path: '/number', page: 1, quote: 'Invoice INV-7' },
                { path: '/total', page: 1, quote: 'Total: 40 EUR' },
              ],
            }),
          },
        ],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      }),
    });
    const client = await connect({ extractModel: model });
    const schema = {
      type: 'object',
      properties: { number: { type: 'string' }, total: { type: 'number' } },
      required: ['number', 'total'],
    };
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'extract', arguments: { index: 'docs', id: 'invoice.md', schema } },
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(result.structuredContent).toMatchObject({ data: { number: 'INV-7', total: 40 }, parts: 1, calls: 1 });
    expect(progress).toEqual([1]);
    const missing = await client.callTool({ name: 'extract', arguments: { index: 'docs', id: 'nope.md', schema } });
    expect(missing.isError).toBe(true);
  });

  it('tags indexed documents with metadata that retrieve and find_files filter on', async () => {
    await rm(join(root, 'notes', 'link.md'));
    const client = await connect();
    const indexed = await client.callTool({
      name: 'index_files',
      arguments: { index: 'm', directory: 'notes', metadata: { team: 'ops', year: 2026 } },
    });
    expect(indexed.structuredContent).toMatchObject({ added: 1, failed: [] });
    const query = (metadata: object) =>
      client.callTool({ name: 'retrieve', arguments: { index: 'm', query: 'alpha release', metadata } });
    expect(((await query({ team: 'ops' })).structuredContent as { hits: unknown[] }).hits.length).toBe(1);
    expect(((await query({ team: 'dev' })).structuredContent as { hits: unknown[] }).hits.length).toBe(0);
    const found = await client.callTool({ name: 'find_files', arguments: { index: 'm', metadata: { year: 2026 } } });
    expect(found.structuredContent).toMatchObject({ files: [{ id: 'a.md', metadata: { team: 'ops', year: 2026 } }] });
  });

  it('runs index_files as a task for clients that support tasks', async () => {
    for (let file = 0; file < 30; file += 1)
      await writeFile(join(root, 'notes', `n${file}.md`), `# Note ${file}\n\nText ${file}.`);
    const http = await serveHttp(
      createDocsServer({ store, roots: [root], server: { taskImmediateMs: 0, taskPollIntervalMs: 20 } }),
    );
    cleanups.push(() => http.close());
    const created = await modernRequest(http.url, 'tools/call', {
      name: 'index_files',
      arguments: { index: 't', directory: 'notes' },
    });
    expect(created.result).toMatchObject({ resultType: 'task' });
    const done = await waitForTask(http.url, String(created.result?.taskId), ['completed', 'failed']);
    expect(done.result).toMatchObject({ structuredContent: { added: 31 } });
  });
});
