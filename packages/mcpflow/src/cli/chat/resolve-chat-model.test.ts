import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { McpflowError } from '../../errors/mcpflow-error.ts';
import { createConfigDirectory, runMcpflow } from '../test-support/run-mcpflow.ts';
import { resolveChatModel, toModelSpecifier } from './resolve-chat-model.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('mcpflow chat model options', () => {
  it('maps --base-url URL --model NAME onto the agent model string URL#NAME', () => {
    expect(toModelSpecifier({ model: 'qwen3', baseUrl: 'http://127.0.0.1:8080/v1', env: {} })).toBe(
      'http://127.0.0.1:8080/v1#qwen3',
    );
    expect(toModelSpecifier({ model: 'ollama:qwen3:4b', env: {} })).toBe('ollama:qwen3:4b');
    expect(toModelSpecifier({ env: { MCPFLOW_MODEL: 'openai:gpt-4.1' } })).toBe('openai:gpt-4.1');
  });

  it("takes Ollama's own OLLAMA_HOST for an ollama: model", async () => {
    const { model } = await resolveChatModel({ model: 'ollama:qwen3', env: { OLLAMA_HOST: '10.0.0.5:11434' } });
    expect(typeof model === 'object' && model.provider).toBe('ollama.chat');
    const url = (model as unknown as { config: { url(options: { path: string }): string } }).config.url({ path: '/chat' });
    expect(url).toBe('http://10.0.0.5:11434/v1/chat');
  });

  it('throws typed errors naming the missing variable or the malformed model', async () => {
    const missing = await resolveChatModel({ model: 'anthropic:claude-sonnet-4-5', env: {} }).catch((error) => error);
    expect(McpflowError.isInstance(missing, 'MISSING_CREDENTIALS')).toBe(true);
    expect(missing.data?.variable).toBe('ANTHROPIC_API_KEY');
    const invalid = await resolveChatModel({ model: 'gpt-4.1', env: {} }).catch((error) => error);
    expect(McpflowError.isInstance(invalid, 'INVALID_MODEL')).toBe(true);
  });

  it('reports a missing API key as one line plus a hint, exit 3; a malformed model, exit 2', async () => {
    const setup = await createConfigDirectory({});
    cleanups.push(setup.dispose);
    const keyless = await runMcpflow(['chat', '--model', 'anthropic:claude-sonnet-4-5'], {
      cwd: setup.directory,
      env: { ANTHROPIC_API_KEY: '' },
    });
    expect(keyless.code).toBe(3);
    expect(keyless.stderr).toBe(
      'mcpflow: ANTHROPIC_API_KEY is not set (needed for "anthropic:claude-sonnet-4-5")\n' +
        'hint: export ANTHROPIC_API_KEY=… first, or use a local model: --model ollama:<model>\n',
    );
    const malformed = await runMcpflow(['chat', '--model', 'gpt-4.1'], { cwd: setup.directory });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr.split('\n')[0]).toBe(
      'mcpflow: "gpt-4.1" is not a model: use openai:<model>, anthropic:<model>, ollama:<model> or <base URL>#<model>',
    );
    expect(malformed.stderr.split('\n')[1]).toMatch(/^hint: models: ollama:<model>/);
  });

  it('names the package to install when the AI SDK or the provider is missing, exit 3', async () => {
    const setup = await createConfigDirectory({});
    cleanups.push(setup.dispose);
    const hide = fileURLToPath(new URL('../test-support/hide-packages.fixture.ts', import.meta.url));
    for (const missing of ['ai', '@ai-sdk/openai-compatible']) {
      const outcome = await runMcpflow(['chat', '--model', 'ollama:qwen3'], {
        cwd: setup.directory,
        env: { NODE_OPTIONS: `--import=${hide}`, MCPFLOW_TEST_HIDE: missing },
      });
      expect(outcome.code, outcome.stderr).toBe(3);
      const [message, hint] = outcome.stderr.split('\n');
      expect(message).toMatch(new RegExp(`^mcpflow: .*needs (the AI SDK: )?.*npm install ${missing}`));
      expect(hint).toBe(`hint: mcpflow installed with npm install -g? then install this with -g too: npm install -g ${missing}`);
    }
  });
});
