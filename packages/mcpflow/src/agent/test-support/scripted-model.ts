// A scripted AI SDK v7 mock model for the agent tests: each model call takes the next turn of the script (text, tool
// calls, or a function of the prompt), and every prompt the agent sent is kept for assertions.
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';

type LanguageModelV4CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];
type LanguageModelV4StreamPart =
  Awaited<ReturnType<MockLanguageModelV4['doStream']>>['stream'] extends ReadableStream<infer TPart> ? TPart : never;

/** One model turn: text to write, and/or tool calls to ask for (several = parallel calls). */
export interface ScriptedTurn {
  text?: string;
  /** `rawInput` sends the input text as is (e.g. broken JSON). */
  toolCalls?: { toolName: string; input?: unknown; rawInput?: string }[];
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** A mock model answering turn by turn; past the end of the script it keeps repeating the last turn. */
export function scriptedModel(script: (ScriptedTurn | ((options: LanguageModelV4CallOptions) => ScriptedTurn))[]) {
  let call = 0;
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      const entry = script[Math.min(call, script.length - 1)];
      call += 1;
      const turn = typeof entry === 'function' ? entry(options) : (entry ?? { text: '' });
      const parts: LanguageModelV4StreamPart[] = [];
      if (turn.text !== undefined) {
        parts.push({ type: 'text-start', id: 't' });
        for (const word of turn.text.split(/(?<= )/)) parts.push({ type: 'text-delta', id: 't', delta: word });
        parts.push({ type: 'text-end', id: 't' });
      }
      (turn.toolCalls ?? []).forEach((toolCall, index) => {
        const toolCallId = `call-${call}-${index}`;
        parts.push({
          type: 'tool-call',
          toolCallId,
          toolName: toolCall.toolName,
          input: toolCall.rawInput ?? JSON.stringify(toolCall.input ?? {}),
        });
      });
      const finishReason = turn.toolCalls?.length ? 'tool-calls' : 'stop';
      parts.push({ type: 'finish', usage, finishReason: { unified: finishReason, raw: undefined } });
      return { stream: convertArrayToReadableStream(parts) };
    },
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'sampled by the agent model' }],
      finishReason: { unified: 'stop', raw: undefined },
      usage,
      warnings: [],
    }),
  });
  return model;
}

/** The tool results the agent gave the model in the prompt of call `index` (0-based). */
export function toolResultsIn(model: MockLanguageModelV4, index: number): { toolName: string; output: unknown }[] {
  const prompt = model.doStreamCalls[index]?.prompt ?? [];
  return prompt.flatMap((message) =>
    message.role === 'tool'
      ? message.content.flatMap((part) => (part.type === 'tool-result' ? [{ toolName: part.toolName, output: part.output }] : []))
      : [],
  );
}

/** The tool names the agent offered the model on call `index`. */
export function toolsOffered(model: MockLanguageModelV4, index: number): string[] {
  return (model.doStreamCalls[index]?.tools ?? []).map((tool) => tool.name).sort();
}
