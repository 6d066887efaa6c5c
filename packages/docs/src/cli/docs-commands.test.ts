import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAiServer } from '../../../mcpflow/src/cli/test-support/mock-openai-server.ts';
import { startInTerminal } from '../../../mcpflow/src/cli/test-support/start-in-terminal.ts';

// The built bins, as `npm install -g mcpflow @mcpflow/docs` runs them (`npm test` builds first): `mcpflow docs`
// finds @mcpflow/docs the way an installed mcpflow would, through the package's `./cli` export.
const mcpflowBin = fileURLToPath(new URL('../../../mcpflow/dist/bin/mcpflow.js', import.meta.url));
const docsBin = fileURLToPath(new URL('../../dist/bin/mcpflow-docs.js', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd,
        env: { ...process.env, NO_COLOR: '1', MCPFLOW_MODEL: '', MCPFLOW_EMBED_MODEL: '', MCPFLOW_PDF_PASSWORD: '' },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

const docs = (args: string[], cwd: string) => run(mcpflowBin, ['docs', ...args], cwd);

describe('mcpflow docs', () => {
  let folder = '';
  let notes = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mcpflow-docs-commands-'));
    notes = join(folder, 'notes');
    await mkdir(join(notes, 'ops'), { recursive: true });
    await writeFile(join(notes, 'faq.md'), '# FAQ\n\n## Refunds\n\nRefunds are paid back within 14 days.\n');
    await writeFile(
      join(notes, 'ops', 'shipping.html'),
      '<html><head><title>Shipping</title></head><body><nav>Home | About</nav><article><h1>Shipping</h1>' +
        '<p>Parcels leave the Lyon warehouse every Monday morning by courier, and reach most of Europe in three days.</p>' +
        '</article></body></html>',
    );
    await writeFile(join(notes, 'prices.csv'), 'item,price\nlamp,12\nchair,40\n');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('parses a file to Markdown on stdout, or to pages and metadata with --json', async () => {
    const markdown = await docs(['parse', join(notes, 'faq.md')], folder);
    expect(markdown).toMatchObject({ code: 0, stdout: '# FAQ\n\n## Refunds\n\nRefunds are paid back within 14 days.\n' });
    const json = await docs(['parse', join(notes, 'ops', 'shipping.html'), '--json'], folder);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { title: string; mediaType: string; pages: { number: number; markdown: string }[] };
    expect(parsed).toMatchObject({ title: 'Shipping', mediaType: 'text/html' });
    expect(parsed.pages).toHaveLength(1);
    expect(parsed.pages[0]?.markdown).toContain('Parcels leave the Lyon warehouse');
    expect(parsed.pages[0]?.markdown).not.toContain('Home | About');
    const table = await docs(['parse', join(notes, 'prices.csv')], folder);
    expect(table.stdout).toContain('| lamp | 12 |');
  });

  it('indexes a folder with a progress line per file when not on a terminal, then queries it', async () => {
    const database = join(folder, 'index.db');
    const first = await docs(['index', notes, '--db', database, '--meta', 'team=ops'], folder);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`3 added, 0 updated, 0 unchanged, 0 removed, 0 failed (index "docs" in ${database})\n`);
    expect(first.stderr.split('\n').filter((line) => line.startsWith('indexed '))).toHaveLength(3);
    expect(first.stderr).toMatch(/^indexed 3\/3 /m);
    const again = await docs(['index', notes, '--db', database, '--meta', 'team=ops', '--json'], folder);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, unchanged: 3, failed: [] });

    const hits = await docs(['query', 'when are refunds paid back', '--db', database], folder);
    expect(hits.code, hits.stderr).toBe(0);
    expect(hits.stdout.split('\n')[0]).toMatch(/^1\. faq\.md p\.1 — FAQ > Refunds \(score /);
    expect(hits.stdout).toContain('   Refunds are paid back within 14 days.');
    const filtered = await docs(['query', 'parcels courier', '--db', database, '--prefix', 'ops/', '--json', '--k', '1'], folder);
    expect(JSON.parse(filtered.stdout)).toMatchObject({ hits: [{ documentId: 'ops/shipping.html', page: 1 }] });
    const none = await docs(['query', 'parcels courier', '--db', database, '--meta', 'team=dev', '--json'], folder);
    expect(JSON.parse(none.stdout)).toEqual({ hits: [] });
  });

  it('draws a progress bar in place on a terminal', async () => {
    const terminal = startInTerminal([process.execPath, mcpflowBin, 'docs', 'index', notes, '--db', join(folder, 'tty.db')], {
      cwd: folder,
      env: { NO_COLOR: '1' },
    });
    try {
      expect(await terminal.exited).toBe(0);
      const screen = terminal.output();
      expect(screen).toContain(`${'█'.repeat(24)} 3/3`);
      expect(screen).toContain('3 added');
      expect(screen).not.toContain('indexed 1/3');
    } finally {
      terminal.kill();
    }
  });

  it('runs hybrid retrieval when the index was built with --hybrid (the alias bin, same code)', async () => {
    const database = join(folder, 'hybrid.db');
    const built = await run(docsBin, ['index', notes, '--db', database, '--hybrid'], folder);
    expect(built.code, built.stderr).toBe(0);
    const hits = await run(docsBin, ['query', 'refund', '--db', database, '--mode', 'hybrid', '--json'], folder);
    expect(hits.code, hits.stderr).toBe(0);
    const [top] = (JSON.parse(hits.stdout) as { hits: { documentId: string; bm25Rank?: number; vectorRank?: number }[] }).hits;
    expect(top).toMatchObject({ documentId: 'faq.md', bm25Rank: 1 });
    expect(top?.vectorRank).toBeTypeOf('number');
  });

  it('answers bad usage with exit 2 and a hint, and --help with exit 0', async () => {
    const missingFile = await docs(['parse', join(folder, 'nope.md')], folder);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/^mcpflow: cannot read the document ".*nope\.md"/);
    const missingIndex = await docs(['query', 'anything'], folder);
    expect(missingIndex.code).toBe(2);
    expect(missingIndex.stderr).toContain('hint: pass --db FILE, or build the index first');
    expect((await docs(['query', 'x', '--mode', 'fuzzy'], folder)).code).toBe(2);
    expect((await docs(['frobnicate'], folder)).code).toBe(2);
    expect((await docs(['extract', join(notes, 'faq.md')], folder)).stderr).toContain("required option '--schema <file>'");
    const noModel = await docs(['extract', join(notes, 'faq.md'), '--schema', join(notes, 'faq.md')], folder);
    expect(noModel.code).toBe(2);
    const help = await docs(['index', '--help'], folder);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mcpflow docs index [options] <dir>');
    const aliasHelp = await run(docsBin, ['--help'], folder);
    expect(aliasHelp.stdout).toContain('Usage: mcpflow-docs [options] [command]');
    const unsupported = await docs(['parse', join(folder, 'index.db')], folder);
    expect(unsupported.code).toBe(1);
  });

  it('extracts JSON with citations through a model endpoint; EXTRACTION_FAILED is one clear line and exit 1', async () => {
    const schema = join(folder, 'refunds.schema.json');
    await writeFile(schema, JSON.stringify({ type: 'object', properties: { days: { type: 'number' } }, required: ['days'] }));
    const good = JSON.stringify({ data: { days: 14 }, citations: [{ path: '/days', page: 1, quote: 'within 14 days' }] });
    const invented = JSON.stringify({ data: { days: 30 }, citations: [{ path: '/days', page: 1, quote: 'within 30 days' }] });
    const model = await startMockOpenAiServer([{ text: good }, { text: invented }, { text: invented }, { text: invented }]);
    try {
      const args = ['extract', join(notes, 'faq.md'), '--schema', schema, '--model', `${model.baseUrl}#mock`];
      const extracted = await docs(args, folder);
      expect(extracted.code, extracted.stderr).toBe(0);
      expect(JSON.parse(extracted.stdout)).toEqual({
        data: { days: 14 },
        citations: [{ path: '/days', page: 1, quote: 'within 14 days' }],
      });
      const failed = await docs(args, folder);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      // The AI SDK may add its own warnings (an OpenAI-compatible endpoint without structured outputs); ours is one line.
      const reported = failed.stderr.split('\n').filter((line) => line.startsWith('mcpflow:'));
      expect(reported, failed.stderr).toHaveLength(1);
      expect(reported[0]).toMatch(/^mcpflow: extraction from pages 1–1 failed after 3 attempts: the quote for \/days/);
    } finally {
      await model.close();
    }
  });
});
