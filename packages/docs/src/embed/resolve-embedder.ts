import { embed } from 'ai';
import { McpflowError } from 'mcpflow';
import { createAiSdkEmbedder } from './create-ai-sdk-embedder.ts';
import { createHashingEmbedder } from './create-hashing-embedder.ts';
import type { Embedder } from './embedder.ts';

/** Options for {@link resolveEmbedder}. */
export interface ResolveEmbedderOptions {
  /** The model's vector size; when missing, one probe text is embedded to learn it. */
  dimensions?: number;
  /** Where API keys and base URLs are read. @default process.env */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * Turns an embedding-model string into an {@link Embedder}: `hashing` (the offline hashing embedder), or any string
 * `mcpflow/agent`'s `resolveEmbeddingModel` takes — `openai:text-embedding-3-small`, `ollama:nomic-embed-text`,
 * `http://127.0.0.1:8080/v1#bge-m3` for an OpenAI-compatible endpoint. The embedder's id (stored with the vectors)
 * names provider, model and dimensions, so an index built with one model refuses another with `CONFIG_INVALID`.
 * Throws `INVALID_MODEL`, `MISSING_CREDENTIALS` or `MISSING_PROVIDER` as `resolveModel` does, and
 * `CONNECTION_FAILED` when the dimension probe cannot reach the model.
 *
 * @example
 * ```ts
 * const embedder = await resolveEmbedder('ollama:nomic-embed-text') // probes: 768 dimensions
 * const store = createSqliteDocumentStore({ path: 'docs.db', embedder })
 * ```
 */
export async function resolveEmbedder(specifier: string, options: ResolveEmbedderOptions = {}): Promise<Embedder> {
  const { dimensions } = options;
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || dimensions <= 0))
    throw new McpflowError('INVALID_ARGUMENTS', `dimensions must be a positive whole number, not ${dimensions}`);
  if (specifier === 'hashing') return createHashingEmbedder(dimensions === undefined ? {} : { dimensions });
  // Loaded here so that commands without embeddings never load the provider code.
  const { resolveEmbeddingModel } = await import('mcpflow/agent');
  const model = await resolveEmbeddingModel(specifier, options.env === undefined ? {} : { env: options.env });
  if (dimensions !== undefined) return createAiSdkEmbedder({ model, dimensions });
  try {
    const probe = await embed({
      model,
      value: 'dimension probe',
      maxRetries: 1,
      ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
    });
    if (probe.embedding.length === 0) throw new Error('the model returned an empty vector');
    return createAiSdkEmbedder({ model, dimensions: probe.embedding.length });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    throw new McpflowError(
      'CONNECTION_FAILED',
      `cannot embed with "${specifier}": ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, data: { specifier, help: 'is the model server running? --dimensions N skips this probe' } },
    );
  }
}
