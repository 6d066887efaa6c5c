import { type EmbeddingModel, embedMany } from 'ai';
import { McpflowError } from 'mcpflow';
import { type Embedder, normalize } from './embedder.ts';

/** Options for {@link createAiSdkEmbedder}. */
export interface AiSdkEmbedderOptions {
  /** Any AI SDK embedding model: `openai.embedding('text-embedding-3-small')`, an OpenAI-compatible or Ollama one… */
  model: EmbeddingModel;
  /** The size of the model's vectors (checked on every call). */
  dimensions: number;
  /** Names the model in the store. @default the model's provider and id */
  id?: string;
  /** Texts per request. @default 64 */
  batchSize?: number;
  /** Requests in flight at once. @default 2 */
  maxParallelCalls?: number;
  /** Retries per request (the AI SDK backs off). @default 2 */
  maxRetries?: number;
}

/**
 * An {@link Embedder} over any AI SDK embedding model, through `embedMany`. OpenAI-compatible servers (vLLM, LM
 * Studio, TEI, Ollama's `/v1`) work through `@ai-sdk/openai-compatible`.
 *
 * @example
 * ```ts
 * import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
 * const ollama = createOpenAICompatible({ name: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' })
 * const embedder = createAiSdkEmbedder({ model: ollama.embeddingModel('nomic-embed-text'), dimensions: 768 })
 * ```
 */
export function createAiSdkEmbedder(options: AiSdkEmbedderOptions): Embedder {
  const { model, dimensions } = options;
  const name = typeof model === 'string' ? model : `${model.provider}:${model.modelId}`;
  const batchSize = options.batchSize ?? 64;
  return {
    id: options.id ?? `${name}@${dimensions}`,
    dimensions,
    async embed(texts, signal) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const { embeddings } = await embedMany({
          model,
          values: texts.slice(start, start + batchSize),
          maxParallelCalls: options.maxParallelCalls ?? 2,
          maxRetries: options.maxRetries ?? 2,
          ...(signal === undefined ? {} : { abortSignal: signal }),
        });
        for (const embedding of embeddings) {
          if (embedding.length !== dimensions)
            throw new McpflowError(
              'CONFIG_INVALID',
              `${name} returned ${embedding.length} dimensions, but the embedder is configured for ${dimensions}`,
            );
          vectors.push(normalize(Float32Array.from(embedding)));
        }
      }
      return vectors;
    },
  };
}
