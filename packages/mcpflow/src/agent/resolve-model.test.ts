import { describe, expect, it } from 'vitest';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { resolveEmbeddingModel, resolveModel } from './resolve-model.ts';

const failure = async (specifier: string, env: Record<string, string | undefined> = {}) => {
  try {
    await resolveModel(specifier, { env });
  } catch (error) {
    if (McpflowError.isInstance(error)) return error;
  }
  throw new Error(`resolveModel("${specifier}") did not fail`);
};

describe('resolveModel', () => {
  it('builds provider models from openai:, anthropic: and ollama: strings, keys from the given environment', async () => {
    const openai = await resolveModel('openai:gpt-4.1-mini', { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(typeof openai === 'object' && [openai.provider, openai.modelId]).toEqual(['openai.responses', 'gpt-4.1-mini']);
    const anthropic = await resolveModel('anthropic:claude-sonnet-4-5', { env: { ANTHROPIC_API_KEY: 'sk-ant' } });
    expect(typeof anthropic === 'object' && anthropic.modelId).toBe('claude-sonnet-4-5');
    const ollama = await resolveModel('ollama:llama3.2', { env: {} });
    expect(typeof ollama === 'object' && [ollama.provider, ollama.modelId]).toEqual(['ollama.chat', 'llama3.2']);
    const local = await resolveModel('http://127.0.0.1:8080/v1#qwen3:8b', { env: {} });
    expect(typeof local === 'object' && [local.provider, local.modelId]).toEqual(['openai-compatible.chat', 'qwen3:8b']);
  });

  it('names the missing environment variable', async () => {
    const error = await failure('openai:gpt-4.1', { OPENAI_API_KEY: '' });
    expect(error.code).toBe('MISSING_CREDENTIALS');
    expect(error.data?.variable).toBe('OPENAI_API_KEY');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect((await failure('anthropic:claude-sonnet-4-5')).data?.variable).toBe('ANTHROPIC_API_KEY');
  });

  it('refuses malformed strings and unknown providers with INVALID_MODEL', async () => {
    for (const specifier of ['gpt-4.1', 'mistral:large', 'openai:', 'http://127.0.0.1:8080/v1']) {
      expect((await failure(specifier, { OPENAI_API_KEY: 'x' })).code).toBe('INVALID_MODEL');
    }
  });

  it('builds embedding models from the same strings, and refuses a provider without them', async () => {
    const openai = await resolveEmbeddingModel('openai:text-embedding-3-small', { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(typeof openai === 'object' && [openai.provider, openai.modelId]).toEqual([
      'openai.embedding',
      'text-embedding-3-small',
    ]);
    const ollama = await resolveEmbeddingModel('ollama:nomic-embed-text', { env: {} });
    expect(typeof ollama === 'object' && [ollama.provider, ollama.modelId]).toEqual(['ollama.embedding', 'nomic-embed-text']);
    const local = await resolveEmbeddingModel('http://127.0.0.1:8080/v1#bge-m3', { env: {} });
    expect(typeof local === 'object' && [local.provider, local.modelId]).toEqual(['openai-compatible.embedding', 'bge-m3']);
    const anthropic = await resolveEmbeddingModel('anthropic:claude-sonnet-4-5', { env: { ANTHROPIC_API_KEY: 'x' } }).catch(
      (error: unknown) => error,
    );
    expect(McpflowError.isInstance(anthropic, 'INVALID_MODEL')).toBe(true);
    expect((anthropic as Error).message).toContain('anthropic has no embedding models');
    const missingKey = await resolveEmbeddingModel('openai:text-embedding-3-small', { env: {} }).catch((error: unknown) => error);
    expect(McpflowError.isInstance(missingKey, 'MISSING_CREDENTIALS')).toBe(true);
  });
});
