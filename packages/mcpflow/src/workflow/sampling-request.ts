import * as z from 'zod';

const contentBlock = z.looseObject({ type: z.string() });

/**
 * What a step asks a language model through `context.requestSampling`: MCP's `sampling/createMessage` parameters
 * as plain data, so the engine needs no MCP types. Served over MCP, the client's model answers it.
 */
export const samplingRequestSchema = z.looseObject({
  messages: z
    .array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([contentBlock, z.array(contentBlock)]) }))
    .min(1),
  maxTokens: z.number().int().positive(),
  systemPrompt: z.string().optional(),
  temperature: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  modelPreferences: z.record(z.string(), z.unknown()).optional(),
});

/** A sampling request (see {@link samplingRequestSchema}). */
export type SamplingRequest = z.input<typeof samplingRequestSchema>;

/** The model's answer: MCP's `CreateMessageResult` as plain data. */
export const samplingResultSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.union([contentBlock, z.array(contentBlock)]),
  model: z.string(),
  stopReason: z.string().optional(),
});

/** A sampling answer (see {@link samplingResultSchema}). */
export type SamplingResult = z.output<typeof samplingResultSchema>;
