import type { EmbeddingModel, LanguageModel } from 'ai';
import { McpflowError } from '../errors/mcpflow-error.ts';

/** Options for {@link resolveModel} and {@link resolveEmbeddingModel}. */
export interface ResolveModelOptions {
  /** Where API keys and base URLs are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/** The models one provider offers; `embedding` is missing when it has no embedding models. */
interface ProviderModels {
  language(model: string): LanguageModel;
  embedding?: (model: string) => EmbeddingModel;
}

interface ProviderSpec {
  packageName: string;
  /** The environment variable holding the API key, when one is required. */
  keyVariable?: string;
  create(module: Record<string, unknown>, env: Record<string, string | undefined>): ProviderModels;
}

type Factory = (settings: Record<string, unknown>) => ((model: string) => LanguageModel) & {
  chatModel?: (model: string) => LanguageModel;
  embeddingModel?: (model: string) => EmbeddingModel;
};

/** An OpenAI-compatible provider's chat and embedding models (Ollama's `/v1`, vLLM, LM Studio, TEI…). */
function compatibleModels(module: Record<string, unknown>, settings: Record<string, unknown>): ProviderModels {
  const provider = (module.createOpenAICompatible as Factory)(settings);
  return {
    language: (model) => provider.chatModel?.(model) as LanguageModel,
    embedding: (model) => provider.embeddingModel?.(model) as EmbeddingModel,
  };
}

const providers: Record<string, ProviderSpec> = {
  openai: {
    packageName: '@ai-sdk/openai',
    keyVariable: 'OPENAI_API_KEY',
    create: (module, env) => {
      const provider = (module.createOpenAI as Factory)({
        apiKey: env.OPENAI_API_KEY,
        ...optional('baseURL', env.OPENAI_BASE_URL),
      });
      return { language: (model) => provider(model), embedding: (model) => provider.embeddingModel?.(model) as EmbeddingModel };
    },
  },
  anthropic: {
    packageName: '@ai-sdk/anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    create: (module, env) => {
      const provider = (module.createAnthropic as Factory)({
        apiKey: env.ANTHROPIC_API_KEY,
        ...optional('baseURL', env.ANTHROPIC_BASE_URL),
      });
      return { language: (model) => provider(model) };
    },
  },
  ollama: {
    // Ollama serves an OpenAI-compatible API (tool calls and embeddings included) at /v1: no Ollama-specific package.
    packageName: '@ai-sdk/openai-compatible',
    create: (module, env) =>
      compatibleModels(module, { name: 'ollama', baseURL: env.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434/v1' }),
  },
};

function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined || value === '' ? {} : { [key]: value };
}

/**
 * Turns a model string from the CLI or a config file into an AI SDK model: `openai:<model>` (`OPENAI_API_KEY`,
 * optional `OPENAI_BASE_URL`), `anthropic:<model>` (`ANTHROPIC_API_KEY`), `ollama:<model>` (`OLLAMA_BASE_URL`,
 * default `http://127.0.0.1:11434/v1`), or `http(s)://host/v1#<model>` / `openai-compatible:<baseURL>#<model>` for
 * any OpenAI-compatible endpoint (key from `OPENAI_COMPATIBLE_API_KEY` if set). Provider packages are loaded on
 * demand. Throws `INVALID_MODEL` for a malformed string or unknown provider, `MISSING_CREDENTIALS` naming the
 * missing variable, `MISSING_PROVIDER` naming the package to install.
 *
 * @example
 * ```ts
 * const model = await resolveModel('anthropic:claude-sonnet-4-5') // needs ANTHROPIC_API_KEY and @ai-sdk/anthropic
 * const local = await resolveModel('http://127.0.0.1:8080/v1#qwen3') // any OpenAI-compatible server
 * ```
 */
export async function resolveModel(specifier: string, options: ResolveModelOptions = {}): Promise<LanguageModel> {
  const { models, model } = await resolveProvider(specifier, options.env ?? process.env);
  return models.language(model);
}

/**
 * Turns an embedding-model string into an AI SDK embedding model, the way {@link resolveModel} reads model strings:
 * `openai:<model>` (e.g. `openai:text-embedding-3-small`), `ollama:<model>` (e.g. `ollama:nomic-embed-text`), or
 * `<base URL>#<model>` for any OpenAI-compatible `/embeddings` endpoint. Same environment variables and errors;
 * a provider without embedding models (`anthropic:`) is `INVALID_MODEL`.
 *
 * @example
 * ```ts
 * const model = await resolveEmbeddingModel('ollama:nomic-embed-text') // OLLAMA_BASE_URL or 127.0.0.1:11434
 * const { embeddings } = await embedMany({ model, values: ['hello'] })
 * ```
 */
export async function resolveEmbeddingModel(specifier: string, options: ResolveModelOptions = {}): Promise<EmbeddingModel> {
  const { models, model, provider } = await resolveProvider(specifier, options.env ?? process.env);
  if (models.embedding === undefined)
    throw new McpflowError(
      'INVALID_MODEL',
      `"${specifier}": ${provider} has no embedding models: use openai:<model>, ollama:<model> or <base URL>#<model>`,
      { data: { specifier, providers: Object.keys(providers).filter((name) => name !== provider) } },
    );
  return models.embedding(model);
}

async function resolveProvider(
  specifier: string,
  env: Record<string, string | undefined>,
): Promise<{ models: ProviderModels; model: string; provider: string }> {
  const endpoint = parseEndpoint(specifier);
  if (endpoint !== undefined) {
    const module = await load('@ai-sdk/openai-compatible', specifier);
    const settings = {
      name: 'openai-compatible',
      baseURL: endpoint.baseURL,
      ...optional('apiKey', env.OPENAI_COMPATIBLE_API_KEY),
    };
    return { models: compatibleModels(module, settings), model: endpoint.model, provider: 'openai-compatible' };
  }
  const colon = specifier.indexOf(':');
  const prefix = colon < 0 ? '' : specifier.slice(0, colon);
  const model = colon < 0 ? '' : specifier.slice(colon + 1);
  const spec = providers[prefix];
  if (spec === undefined || model === '') {
    throw new McpflowError(
      'INVALID_MODEL',
      `"${specifier}" is not a model: use openai:<model>, anthropic:<model>, ollama:<model> or <base URL>#<model>`,
      { data: { specifier, providers: Object.keys(providers) } },
    );
  }
  if (spec.keyVariable !== undefined && (env[spec.keyVariable] ?? '') === '') {
    throw new McpflowError('MISSING_CREDENTIALS', `${spec.keyVariable} is not set (needed for "${specifier}")`, {
      data: { specifier, variable: spec.keyVariable },
    });
  }
  return { models: spec.create(await load(spec.packageName, specifier), env), model, provider: prefix };
}

function parseEndpoint(specifier: string): { baseURL: string; model: string } | undefined {
  const rest = specifier.startsWith('openai-compatible:') ? specifier.slice('openai-compatible:'.length) : specifier;
  if (!/^https?:\/\//.test(rest)) return undefined;
  const hash = rest.lastIndexOf('#');
  const baseURL = hash < 0 ? rest : rest.slice(0, hash);
  const model = hash < 0 ? '' : rest.slice(hash + 1);
  if (model === '' || !URL.canParse(baseURL)) {
    throw new McpflowError(
      'INVALID_MODEL',
      `"${specifier}": give an endpoint as <base URL>#<model>, e.g. http://127.0.0.1:8080/v1#qwen3`,
      {
        data: { specifier },
      },
    );
  }
  return { baseURL, model };
}

async function load(packageName: string, specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(packageName)) as Record<string, unknown>;
  } catch (cause) {
    throw new McpflowError('MISSING_PROVIDER', `"${specifier}" needs ${packageName}: npm install ${packageName}`, {
      cause,
      data: { specifier, package: packageName },
    });
  }
}
