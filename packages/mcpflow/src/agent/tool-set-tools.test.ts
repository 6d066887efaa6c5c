import { tool } from 'ai';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createAgent } from './create-agent.ts';
import { scriptedModel, toolResultsIn } from './test-support/scripted-model.ts';

describe('agent with AI SDK tool sets', () => {
  it("uses a tool's toModelOutput (bytes become base64 file parts) and hands throws to the model as errors", async () => {
    const snapshot = tool({
      description: 'Take a picture',
      inputSchema: z.object({}),
      execute: () => ({ bytes: new Uint8Array([137, 80, 78, 71]) }),
      toModelOutput: ({ output }) => ({
        type: 'content',
        value: [
          { type: 'text', text: 'a picture' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: output.bytes } },
        ],
      }),
    });
    const broken = tool({
      description: 'Always fails',
      inputSchema: z.object({}),
      execute: async (): Promise<string> => {
        throw new Error('the camera is off');
      },
    });
    const model = scriptedModel([
      {
        toolCalls: [
          { toolName: 'snapshot', input: {} },
          { toolName: 'broken', input: {} },
        ],
      },
      { text: 'done' },
    ]);
    await createAgent({ name: 'camera', model, tools: { snapshot, broken } }).run({ prompt: 'picture please' }).result;
    const [picture, failure] = toolResultsIn(model, 1);
    expect(picture?.output).toEqual({
      type: 'content',
      value: [
        { type: 'text', text: 'a picture' },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw==' } },
      ],
    });
    expect(failure?.output).toEqual({ type: 'error-text', value: 'the camera is off' });
  });
});
