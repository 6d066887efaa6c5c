import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tablePage } from '../test-support/pdf-fixtures.ts';

const bin = fileURLToPath(new URL('../bin/mcpflow-docs.ts', import.meta.url));
const mcpflowBin = fileURLToPath(new URL('../../../mcpflow/dist/bin/mcpflow.js', import.meta.url));
const run = promisify(execFile);

describe('mcpflow docs serve (alias mcpflow-docs serve)', () => {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mcpflow-docs-cli-'));
    await writeFile(join(folder, 'faq.md'), '# FAQ\n\n## Refunds\n\nRefunds are paid back within 14 days.');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('indexes a folder and serves it over stdio, as Claude Desktop starts it', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'serve', folder], stderr: 'pipe' });
    const client = new Client({ name: 'desktop-like', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'retrieve', arguments: { index: 'docs', query: 'when are refunds paid?' } });
      expect((result.structuredContent as { hits: { documentId: string; heading: string }[] }).hits[0]).toMatchObject({
        documentId: 'faq.md',
        heading: 'FAQ > Refunds',
      });
    } finally {
      await client.close();
    }
  });

  it('serves hybrid retrieval with --hybrid', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'serve', folder, '--hybrid', '--db', join(folder, 'hybrid.db')],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'desktop-like', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'retrieve', arguments: { index: 'docs', query: 'refund' } });
      expect(result.structuredContent).toMatchObject({ mode: 'hybrid', hits: [{ documentId: 'faq.md' }] });
    } finally {
      await client.close();
    }
  });

  it('serves over Streamable HTTP on 127.0.0.1 with `mcpflow docs serve --http`', async () => {
    const child = spawn(process.execPath, [mcpflowBin, 'docs', 'serve', folder, '--http', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /serving (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(stderr);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const client = new Client({ name: 'http-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      const result = await client.callTool({ name: 'retrieve', arguments: { index: 'docs', query: 'refunds' } });
      expect(result.structuredContent).toMatchObject({ hits: [{ documentId: 'faq.md' }] });
      await client.close();
    } finally {
      child.kill();
    }
  });

  it('answers usage errors with exit code 2, and --help on stdout', async () => {
    const failure = await run(process.execPath, [bin, 'serve', folder, '--http', 'nowhere'], { timeout: 10_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--http takes [HOST:]PORT, not "nowhere"') });
    const help = await run(process.execPath, [bin, 'serve', '--help'], { timeout: 10_000 });
    expect(help.stdout).toContain('Usage: mcpflow-docs serve [options] [dir]');
  });
});

describe('mcpflow-docs parse', () => {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mcpflow-docs-parse-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('prints a PDF as Markdown, or the whole parse as JSON', async () => {
    const file = join(folder, 'table.pdf');
    await writeFile(file, (await tablePage(true)).bytes);
    const markdown = await run(process.execPath, [bin, 'parse', file], { timeout: 30_000 });
    expect(markdown.stdout).toMatch(/^<!-- page 1 -->\n\nThe table below lists revenue/);
    expect(markdown.stdout).toContain('| East and Central | Q3 | 2,310 | 12.0% |');
    const json = await run(process.execPath, [bin, 'parse', file, '--json'], { timeout: 30_000 });
    expect(JSON.parse(json.stdout)).toMatchObject({
      mediaType: 'application/pdf',
      metadata: { pageCount: 1 },
      pages: [{ number: 1 }],
    });
  });

  it('exits 2 on usage errors and 1 when the file cannot be parsed', async () => {
    const usage = await run(process.execPath, [bin, 'parse'], { timeout: 10_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'file'") });
    await writeFile(join(folder, 'broken.pdf'), 'not a pdf');
    const broken = await run(process.execPath, [bin, 'parse', join(folder, 'broken.pdf')], { timeout: 30_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(broken).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read the PDF') });
  });
});
