import type { CreateMessageRequest } from '@modelcontextprotocol/client';
import type { ModelMessage } from 'ai';

type SamplingMessage = CreateMessageRequest['params']['messages'][number];
type SamplingBlock = Extract<SamplingMessage['content'], { type: string }>;

/** @internal MCP sampling messages as AI SDK messages: text, images and audio; other blocks as JSON text. */
export function toModelMessagesFromSampling(messages: readonly SamplingMessage[]): ModelMessage[] {
  return messages.map((message) => {
    const blocks = (Array.isArray(message.content) ? message.content : [message.content]) as SamplingBlock[];
    if (message.role === 'assistant') {
      return { role: 'assistant', content: blocks.map((block) => ({ type: 'text' as const, text: textOf(block) })) };
    }
    return {
      role: 'user',
      content: blocks.map((block) =>
        block.type === 'image' || block.type === 'audio'
          ? { type: 'file' as const, mediaType: block.mimeType, data: block.data }
          : { type: 'text' as const, text: textOf(block) },
      ),
    };
  });
}

function textOf(block: SamplingBlock): string {
  return block.type === 'text' ? block.text : JSON.stringify(block);
}
