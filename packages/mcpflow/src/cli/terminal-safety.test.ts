import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileServer, startHostileServer } from '../client/test-support/hostile-http-server.ts';
import { createStaticTokenVerifier } from '../server/auth/create-static-token-verifier.ts';
import { createMcpflowServer } from '../server/create-mcpflow-server.ts';
import { type HttpServerHandle, serveHttp } from '../server/serve-http.ts';
import { createConfigDirectory, runMcpflow } from './test-support/run-mcpflow.ts';
import { toTerminalBlock, toTerminalLine } from './to-terminal-text.ts';

const secret = 'tok-SECRET-93d0a5e1';
const forged = 'mcpflow: all servers ready';
// CR and LF to start a line of one's own, ESC for ANSI (erase line, colours), OSC 52 (writes the clipboard), BEL,
// a bidi override.
const hostileText = `refused\r\n${forged}\r\u001b[2K\u001b[32mok\u001b]52;c;ZXZpbA==\u0007 \u202etxt.exe`;

describe('terminal text', () => {
  it('escapes controls, separators and bidi overrides, and leaves the rest alone', () => {
    expect(toTerminalLine('a\r\nb\u001b[31mc\u0007\u2028\u202e é 漢 🙂')).toBe('a\\r\\nb\\e[31mc\\u0007\\u2028\\u202e é 漢 🙂');
    expect(toTerminalBlock('one\n\ttwo\r\u001b[2K')).toBe('one\n\ttwo\\r\\e[2K');
  });
});

// A hostile server tries to forge CLI output lines and drive the terminal; the CLI also holds a secret header.
describe('the CLI against hostile servers', () => {
  let hostile: HostileServer;
  let refusing: HttpServerHandle;
  let setup: Awaited<ReturnType<typeof createConfigDirectory>>;
  beforeAll(async () => {
    hostile = await startHostileServer();
    hostile.next.set('tools/list', {
      result: {
        tools: [
          { name: 'count', description: `Counts.${hostileText}\nSecond line`, inputSchema: { type: 'object' } },
          { name: 'evil\u001b[2Kname', description: 'x', inputSchema: { type: 'object' } },
        ],
      },
    });
    hostile.next.set('tools/call', { message: (id) => ({ jsonrpc: '2.0', id, error: { code: -32000, message: hostileText } }) });
    refusing = await serveHttp(createMcpflowServer({ name: 'refusing' }), {
      auth: {
        verifier: createStaticTokenVerifier({ 'the-real-token': { clientId: 'x', scopes: [] } }),
        authorizationServers: ['https://auth.example.test'],
      },
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's own ${env:NAME} syntax.
    const headers = { Authorization: 'Bearer ${env:MCPFLOW_TEST_SECRET}' };
    setup = await createConfigDirectory({
      hostile: { url: hostile.url, headers },
      refusing: { url: refusing.url.href, headers, oauth: false },
    });
  });
  afterAll(async () => {
    await setup.dispose();
    await hostile.close();
    await refusing.close();
  });
  const mcpflow = (...args: string[]) =>
    runMcpflow(args, { cwd: setup.directory, env: { MCPFLOW_DEBUG: '1', MCPFLOW_TEST_SECRET: secret } });

  const expectSafe = (output: string) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
    expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    // Multi-line descriptions keep their line feeds, indented by the CLI: nothing reaches the start of a line.
    for (const line of output.split('\n')) expect(line.startsWith(forged), line).toBe(false);
    expect(output).not.toContain(secret);
  };

  it('`mcpflow tools` prints hostile names and descriptions escaped', async () => {
    const listed = await mcpflow('tools', 'hostile');
    expect(listed.stdout).toContain('hostile/count');
    expect(listed.stdout).toContain('    Counts.refused\\r\n    mcpflow: all servers ready\\r\\e[2K\\e[32mok\\e]52');
    expect(listed.stdout).toContain('hostile/evil\\e[2Kname');
    expectSafe(listed.stdout);
    expectSafe(listed.stderr);
  });

  it('`mcpflow call` prints a hostile error message escaped, with MCPFLOW_DEBUG stack traces too', async () => {
    const called = await mcpflow('call', 'hostile/count');
    expect(called.code).not.toBe(0);
    expect(called.stderr).toContain('refused\\r\\nmcpflow: all servers ready');
    expectSafe(called.stderr);
    expectSafe(called.stdout);
  });

  it('a refused secret header: UNAUTHORIZED with its hint, and the secret nowhere, stack traces included', async () => {
    const refused = await mcpflow('call', 'refusing/anything');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('hint: set the server\'s "headers"');
    expect(refused.stderr).toContain('    at '); // MCPFLOW_DEBUG printed the stack
    expectSafe(refused.stderr);
    const servers = await mcpflow('servers');
    expectSafe(servers.stdout);
    expectSafe(servers.stderr);
  });
});
