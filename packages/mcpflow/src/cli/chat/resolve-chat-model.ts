import type { LanguageModel } from 'ai';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** How `mcpflow chat` names a model. */
export interface ChatModelOptions {
  /** `ollama:<model>`, `openai:<model>`, or a bare model name served at `baseUrl`. @default $MCPFLOW_MODEL */
  model?: string | undefined;
  /** Any OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8080/v1`; its key is read from `MCPFLOW_API_KEY`. */
  baseUrl?: string | undefined;
  env?: Record<string, string | undefined>;
}

interface Endpoint {
  name: string;
  baseURL: string;
  apiKey: string | undefined;
  model: string;
}

function endpointOf(options: ChatModelOptions): Endpoint {
  const env = options.env ?? process.env;
  const model = options.model ?? env.MCPFLOW_MODEL;
  if (model === undefined || model === '') {
    throw new McpflowError('INVALID_ARGUMENTS', 'mcpflow chat needs a model: --model ollama:llama3.2 (or set MCPFLOW_MODEL)', {
      data: { help: '`mcpflow chat --help` lists the model forms' },
    });
  }
  if (options.baseUrl !== undefined) {
    return { name: 'custom', baseURL: options.baseUrl, apiKey: env.MCPFLOW_API_KEY, model };
  }
  const colon = model.indexOf(':');
  const provider = colon < 0 ? '' : model.slice(0, colon);
  const name = model.slice(colon + 1);
  if (provider === 'ollama') {
    const host = env.OLLAMA_HOST ?? 'http://127.0.0.1:11434';
    return { name: 'ollama', baseURL: `${host.startsWith('http') ? host : `http://${host}`}/v1`, apiKey: undefined, model: name };
  }
  if (provider === 'openai') {
    const apiKey = env.OPENAI_API_KEY;
    if (apiKey === undefined || apiKey === '') {
      throw new McpflowError('CONFIG_INVALID', 'openai models need an API key: set OPENAI_API_KEY', {
        data: { variable: 'OPENAI_API_KEY' },
      });
    }
    return { name: 'openai', baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', apiKey, model: name };
  }
  throw new McpflowError(
    'INVALID_ARGUMENTS',
    `Unknown model "${model}": use ollama:<model>, openai:<model>, or --base-url URL for any OpenAI-compatible server`,
    { data: { help: 'Anthropic and other providers arrive with mcpflow/agent; until then use an OpenAI-compatible endpoint' } },
  );
}

/**
 * Turns the CLI's model string into an AI SDK model over the OpenAI-compatible chat API (Ollama, OpenAI, vLLM,
 * llama.cpp, LM Studio…). Interim: `mcpflow/agent` brings the full provider list (Anthropic included).
 */
export async function resolveChatModel(options: ChatModelOptions): Promise<{ model: LanguageModel; label: string }> {
  const endpoint = endpointOf(options);
  let createOpenAICompatible: typeof import('@ai-sdk/openai-compatible').createOpenAICompatible;
  try {
    ({ createOpenAICompatible } = await import('@ai-sdk/openai-compatible'));
  } catch (error) {
    throw new McpflowError('CONFIG_INVALID', 'mcpflow chat needs the AI SDK: npm install ai @ai-sdk/openai-compatible', {
      cause: error,
      data: { packages: ['ai', '@ai-sdk/openai-compatible'] },
    });
  }
  const provider = createOpenAICompatible({
    name: endpoint.name,
    baseURL: endpoint.baseURL,
    ...(endpoint.apiKey === undefined ? {} : { apiKey: endpoint.apiKey }),
  });
  return { model: provider.chatModel(endpoint.model), label: `${endpoint.name}:${endpoint.model}` };
}
