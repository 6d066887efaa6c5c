import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { McpflowError } from 'mcpflow';
import { describe, expect, it } from 'vitest';
import { createAiSdkEmbedder } from './create-ai-sdk-embedder.ts';
import { createHashingEmbedder } from './create-hashing-embedder.ts';

const cosine = (left: Float32Array, right: Float32Array) =>
  left.reduce((sum, value, index) => sum + value * (right[index] as number), 0);

describe('the hashing embedder', () => {
  it('is deterministic, unit-length, and closer for shared spelling than for unrelated text', async () => {
    const embedder = createHashingEmbedder({ dimensions: 256 });
    const [rotate, rotating, unrelated, again] = await embedder.embed([
      'rotate the log files',
      'rotating logfiles',
      'schedule nightly jobs',
      'rotate the log files',
    ]);
    expect(Array.from(again as Float32Array)).toEqual(Array.from(rotate as Float32Array));
    expect(cosine(rotate as Float32Array, rotate as Float32Array)).toBeCloseTo(1, 5);
    expect(cosine(rotate as Float32Array, rotating as Float32Array)).toBeGreaterThan(
      cosine(rotate as Float32Array, unrelated as Float32Array) + 0.2,
    );
    expect(embedder.id).toBe('hashing-v1@256');
    expect(() => createHashingEmbedder({ dimensions: 3 })).toThrow(McpflowError);
  });
});

describe('the AI SDK embedder', () => {
  it('embeds through an OpenAI-compatible /v1/embeddings server in batches, normalised, and checks dimensions', async () => {
    const requests: { model: string; input: string[] }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (part) => {
        body += part;
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { model: string; input: string[] };
        requests.push(parsed);
        const size = parsed.model === 'wrong' ? 2 : 3;
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            object: 'list',
            model: parsed.model,
            data: parsed.input.map((text, index) => ({
              object: 'embedding',
              index,
              embedding: Array.from({ length: size }, (_, position) => (position === 0 ? text.length : 0)),
            })),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const provider = createOpenAICompatible({
        name: 'local',
        baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      });
      const embedder = createAiSdkEmbedder({ model: provider.embeddingModel('nomic'), dimensions: 3, batchSize: 2 });
      expect(embedder.id).toBe('local.embedding:nomic@3');
      const vectors = await embedder.embed(['a', 'bb', 'ccc']);
      expect(vectors.map((vector) => Array.from(vector))).toEqual([
        [1, 0, 0],
        [1, 0, 0],
        [1, 0, 0],
      ]);
      expect(requests.map((request) => request.input)).toEqual([['a', 'bb'], ['ccc']]);
      const wrong = createAiSdkEmbedder({ model: provider.embeddingModel('wrong'), dimensions: 3 });
      await expect(wrong.embed(['x'])).rejects.toSatisfy(
        (error) => McpflowError.isInstance(error) && error.code === 'CONFIG_INVALID',
      );
    } finally {
      server.close();
    }
  });
});
