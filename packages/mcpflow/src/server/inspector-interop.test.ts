import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, serveHttp } from './serve-http.ts';
import { createReviewServer } from './test-support/review-server.fixture.ts';

const run = promisify(execFile);
const inspector = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js', import.meta.url),
);
const stdioServer = fileURLToPath(new URL('./test-support/serve-stdio.fixture.ts', import.meta.url));

// The official MCP Inspector, as a non-interactive client: a real peer that mcpflow did not write.
describe('interop with the MCP Inspector CLI', () => {
  let home = '';
  let http: HttpServerHandle;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'mcpflow-inspector-'));
    http = await serveHttp(createReviewServer());
  });
  afterAll(async () => {
    await http.close();
    await rm(home, { recursive: true, force: true });
  });

  // The inspector writes a catalog under HOME; a temporary HOME keeps it out of the user's.
  const inspect = async (args: string[]) => {
    const { stdout } = await run(process.execPath, [inspector, '--cli', '--format', 'json', '-q', ...args], {
      env: { ...process.env, HOME: home },
      timeout: 30_000,
    });
    return (JSON.parse(stdout) as { result: Record<string, unknown> }).result;
  };

  it('lists and calls a served workflow over stdio', async () => {
    const listed = await inspect(['--method', 'tools/list', '--', process.execPath, stdioServer]);
    expect((listed.tools as { name: string }[]).map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['review', 'slow', 'add']),
    );
    const called = await inspect([
      '--method',
      'tools/call',
      '--tool-name',
      'slow',
      '--tool-args-json',
      '{"milliseconds":10}',
      '--',
      process.execPath,
      stdioServer,
    ]);
    expect(called).toMatchObject({ structuredContent: { milliseconds: 10 } });
  });

  for (const era of ['legacy', 'modern'] as const) {
    it(`lists and calls a served workflow over HTTP (${era} era)`, async () => {
      const url = http.url.href;
      const listed = await inspect(['--protocol-era', era, '--method', 'tools/list', url]);
      expect((listed.tools as { name: string }[]).map((tool) => tool.name)).toEqual(expect.arrayContaining(['review', 'slow']));
      const called = await inspect([
        '--protocol-era',
        era,
        '--method',
        'tools/call',
        '--tool-name',
        'slow',
        '--tool-args-json',
        '{"milliseconds":10}',
        url,
      ]);
      expect(called).toMatchObject({ structuredContent: { milliseconds: 10 } });
      if (era === 'modern') expect(JSON.stringify(called)).toContain('io.modelcontextprotocol/serverInfo');
    });
  }
});
