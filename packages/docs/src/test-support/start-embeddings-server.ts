import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHashingEmbedder } from '../embed/create-hashing-embedder.ts';

/** One `/v1/embeddings` request as the provider sent it. */
export interface EmbeddingsRequest {
  model: string;
  input: string[];
}

/**
 * A local OpenAI-compatible `/v1/embeddings` endpoint on 127.0.0.1 answering with deterministic vectors (the hashing
 * embedder's, of `dimensions` entries), so the real provider path (`@ai-sdk/openai-compatible`, HTTP, JSON) runs
 * in the CLI tests and retrieval over its vectors is meaningful.
 */
export async function startEmbeddingsServer(dimensions: number) {
  const requests: EmbeddingsRequest[] = [];
  const hashing = createHashingEmbedder({ dimensions });
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', async () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { model: string; input: string | string[] };
      const input = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
      requests.push({ model: parsed.model, input });
      const vectors = await hashing.embed(input);
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          object: 'list',
          model: parsed.model,
          data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: Array.from(vector) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The base URL to give as `<base URL>#<model>`. */
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
