import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingsServer } from '../test-support/start-embeddings-server.ts';

// The built bin, as an installed `mcpflow docs` runs it (`npm test` builds first).
const mcpflowBin = fileURLToPath(new URL('../../../mcpflow/dist/bin/mcpflow.js', import.meta.url));

function docs(args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const clean = { ...process.env, NO_COLOR: '1', MCPFLOW_EMBED_MODEL: '', OPENAI_API_KEY: '', ...env };
    execFile(process.execPath, [mcpflowBin, 'docs', ...args], { cwd, env: clean, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

interface Hits {
  hits: { documentId: string; vectorRank?: number; bm25Rank?: number }[];
}

describe('mcpflow docs --embed MODEL (an OpenAI-compatible embeddings server on 127.0.0.1)', () => {
  let folder = '';
  let notes = '';
  let database = '';
  let server: Awaited<ReturnType<typeof startEmbeddingsServer>>;
  let model = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'mcpflow-docs-embed-'));
    notes = join(folder, 'notes');
    database = join(folder, 'embedded.db');
    await mkdir(notes);
    await writeFile(join(notes, 'faq.md'), '# FAQ\n\n## Refunds\n\nRefunds are paid back within 14 days.\n');
    await writeFile(join(notes, 'shipping.md'), '# Shipping\n\nParcels leave the Lyon warehouse every Monday by courier.\n');
    server = await startEmbeddingsServer(64);
    model = `${server.baseUrl}#mock-embed`;
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('indexes with the model (dimensions learned from one probe) and queries by its vectors', async () => {
    const built = await docs(['index', notes, '--db', database, '--embed', model], folder);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain('2 added');
    expect(server.requests[0]).toEqual({ model: 'mock-embed', input: ['dimension probe'] });
    const embedded = server.requests.slice(1).flatMap((request) => request.input);
    expect(embedded.some((text) => text.includes('Refunds are paid back within 14 days.'))).toBe(true);
    expect(embedded.some((text) => text.includes('Lyon warehouse'))).toBe(true);

    const before = server.requests.length;
    const found = await docs(
      ['query', 'refunds paid back', '--db', database, '--embed', model, '--mode', 'vector', '--json'],
      folder,
    );
    expect(found.code, found.stderr).toBe(0);
    expect((JSON.parse(found.stdout) as Hits).hits[0]).toMatchObject({ documentId: 'faq.md', vectorRank: 1 });
    // The probe, then the query itself: both went to the model server.
    expect(server.requests.slice(before).map((request) => request.input)).toEqual([['dimension probe'], ['refunds paid back']]);
  });

  it('takes the model from $MCPFLOW_EMBED_MODEL with --hybrid, and --dimensions skips the probe', async () => {
    const before = server.requests.length;
    const hybrid = await docs(['query', 'courier', '--db', database, '--hybrid', '--dimensions', '64', '--json'], folder, {
      MCPFLOW_EMBED_MODEL: model,
    });
    expect(hybrid.code, hybrid.stderr).toBe(0);
    expect((JSON.parse(hybrid.stdout) as Hits).hits[0]).toMatchObject({ documentId: 'shipping.md', bm25Rank: 1, vectorRank: 1 });
    expect(server.requests.slice(before).map((request) => request.input)).toEqual([['courier']]);
  });

  it('refuses another model, or other dimensions, on an index built with this one (CONFIG_INVALID, exit 3)', async () => {
    const other = await docs(['query', 'refunds', '--db', database, '--embed', `${server.baseUrl}#other-embed`], folder);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain(
      'holds vectors of embedder "openai-compatible.embedding:mock-embed@64", not "openai-compatible.embedding:other-embed@64"',
    );
    const smaller = await docs(['query', 'refunds', '--db', database, '--embed', model, '--dimensions', '32'], folder);
    expect(smaller.code).toBe(3);
    expect(smaller.stderr).toContain('not "openai-compatible.embedding:mock-embed@32"');
    const hashing = await docs(['query', 'refunds', '--db', database, '--hybrid'], folder);
    expect(hashing.code).toBe(3);
    expect(hashing.stderr).toContain('not "hashing-v1@256"');
  });

  it('names an unknown provider, one without embeddings, and an unreachable server', async () => {
    const unknown = await docs(['index', notes, '--db', join(folder, 'unknown.db'), '--embed', 'mistral:mistral-embed'], folder);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"mistral:mistral-embed" is not a model: use openai:<model>');
    const chat = await docs(['query', 'x', '--db', database, '--embed', 'anthropic:claude-sonnet-4-5'], folder, {
      ANTHROPIC_API_KEY: 'sk-test',
    });
    expect(chat.code).toBe(2);
    expect(chat.stderr).toContain('anthropic has no embedding models');
    const missingKey = await docs(['query', 'x', '--db', database, '--embed', 'openai:text-embedding-3-small'], folder);
    expect(missingKey.code).toBe(3);
    expect(missingKey.stderr).toContain('OPENAI_API_KEY is not set');
    const down = await docs(
      ['index', notes, '--db', join(folder, 'down.db'), '--embed', 'http://127.0.0.1:9/v1#mock-embed'],
      folder,
    );
    expect(down.code).toBe(4);
    expect(down.stderr).toContain('cannot embed with "http://127.0.0.1:9/v1#mock-embed"');
  });
});
