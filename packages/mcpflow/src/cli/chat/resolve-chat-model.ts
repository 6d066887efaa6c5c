import type { LanguageModel } from 'ai';
import { McpflowError } from '../../errors/mcpflow-error.ts';

/** How `mcpflow chat` names a model. */
export interface ChatModelOptions {
  /**
   * `ollama:<model>`, `openai:<model>`, `anthropic:<model>`, `<base URL>#<model>`, or with `baseUrl` the model name
   * that endpoint serves. @default $MCPFLOW_MODEL
   */
  model?: string | undefined;
  /** Any OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8080/v1`; its key is read from `OPENAI_COMPATIBLE_API_KEY`. */
  baseUrl?: string | undefined;
  env?: Record<string, string | undefined>;
}

/** The model string `resolveModel` takes: `--base-url URL --model NAME` becomes `URL#NAME`. */
export function toModelSpecifier(options: ChatModelOptions): string {
  const env = options.env ?? process.env;
  const model = options.model ?? env.MCPFLOW_MODEL;
  if (model === undefined || model === '') {
    throw new McpflowError('INVALID_ARGUMENTS', 'mcpflow chat needs a model: --model ollama:llama3.2 (or set MCPFLOW_MODEL)', {
      data: { help: '`mcpflow chat --help` lists the model forms' },
    });
  }
  return options.baseUrl === undefined ? model : `${options.baseUrl.replace(/#.*$/, '')}#${model}`;
}

/** Ollama's own `OLLAMA_HOST` (`host:port` or a URL) stands in for `OLLAMA_BASE_URL` when only it is set. */
function withOllamaHost(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const host = env.OLLAMA_HOST;
  if ((env.OLLAMA_BASE_URL ?? '') !== '' || host === undefined || host === '') return env;
  return { ...env, OLLAMA_BASE_URL: `${/^https?:\/\//.test(host) ? host : `http://${host}`}/v1` };
}

/**
 * Turns the CLI's model options into an AI SDK model through `mcpflow/agent`'s `resolveModel`. Throws
 * `INVALID_MODEL`, `MISSING_CREDENTIALS` (naming the variable) or `MISSING_PROVIDER` (naming the package; the AI SDK
 * itself, `ai`, included).
 */
export async function resolveChatModel(options: ChatModelOptions): Promise<{ model: LanguageModel; label: string }> {
  const label = toModelSpecifier(options);
  let resolveModel: typeof import('../../agent/resolve-model.ts').resolveModel;
  try {
    await import('ai');
    ({ resolveModel } = await import('../../agent/resolve-model.ts'));
  } catch (cause) {
    throw new McpflowError('MISSING_PROVIDER', 'mcpflow chat needs the AI SDK: npm install ai', {
      cause,
      data: { package: 'ai' },
    });
  }
  const model = await resolveModel(label, { env: withOllamaHost(options.env ?? process.env) });
  return { model, label };
}
