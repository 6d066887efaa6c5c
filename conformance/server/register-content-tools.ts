import { fromJsonSchema, inputRequired, inputResponse } from '@modelcontextprotocol/server';
import type { McpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { pngBase64, sleep, wavBase64 } from './fixture-content.ts';

const none = z.object({});

/** The tools-call-* scenarios: every content type, logging, progress, errors, sampling and elicitation. */
export function registerContentTools(server: McpflowServer): void {
  server
    .tool('test_simple_text', { description: 'Tests simple text content response', input: none }, () => ({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    }))
    .tool('test_image_content', { description: 'Tests image content response', input: none }, () => ({
      content: [{ type: 'image', data: pngBase64, mimeType: 'image/png' }],
    }))
    .tool('test_audio_content', { description: 'Tests audio content response', input: none }, () => ({
      content: [{ type: 'audio', data: wavBase64, mimeType: 'audio/wav' }],
    }))
    .tool('test_embedded_resource', { description: 'Tests embedded resource content response', input: none }, () => ({
      content: [
        {
          type: 'resource',
          resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
        },
      ],
    }))
    .tool('test_multiple_content_types', { description: 'Tests response with multiple content types', input: none }, () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: pngBase64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }))
    .tool(
      'test_tool_with_logging',
      { description: 'Tests tool that emits log messages during execution', input: none },
      async (_input, context) => {
        for (const [index, data] of ['Tool execution started', 'Tool processing data', 'Tool execution completed'].entries()) {
          if (index > 0) await sleep(50);
          await context.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data } });
        }
        return 'Tool with logging executed successfully';
      },
    )
    .tool(
      'test_tool_with_progress',
      { description: 'Tests tool that reports progress notifications', input: none },
      async (_input, context) => {
        const progressToken = context.mcpReq._meta?.progressToken;
        for (const progress of [0, 50, 100]) {
          if (progressToken !== undefined) {
            await context.mcpReq.notify({
              method: 'notifications/progress',
              params: { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` },
            });
          }
          if (progress !== 100) await sleep(50);
        }
        return String(progressToken ?? 'no progress token');
      },
    )
    .tool('test_error_handling', { description: 'Tests error response handling', input: none }, () => {
      throw new Error('This tool intentionally returns an error for testing');
    })
    .tool('test_logging_tool', { description: 'Logs through the request context', input: none }, async (_input, context) => {
      await context.mcpReq.log('info', 'test_logging_tool ran', 'conformance');
      return 'logged';
    })
    .tool(
      'test_reconnection',
      { description: 'Closes the SSE stream mid-call; the client resumes with Last-Event-ID (SEP-1699)', input: none },
      async (_input, context) => {
        context.http?.closeSSE?.();
        await sleep(100);
        return 'Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.';
      },
    )
    .tool(
      'test_streaming_elicitation',
      { description: 'Returns a plain result', input: none },
      () => 'streaming elicitation done',
    )
    .tool(
      'json_schema_2020_12_tool',
      {
        description: 'Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)',
        input: fromJsonSchema({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          $defs: {
            address: {
              $anchor: 'addressDef',
              type: 'object',
              properties: { street: { type: 'string' }, city: { type: 'string' } },
            },
          },
          properties: {
            name: { type: 'string' },
            address: { $ref: '#/$defs/address' },
            contactMethod: { type: 'string', enum: ['phone', 'email'] },
            phone: { type: 'string' },
            email: { type: 'string' },
          },
          allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
          if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
          // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here, not a thenable.
          then: { required: ['phone'] },
          else: { required: ['email'] },
          additionalProperties: false,
        }),
      },
      (input) => `JSON Schema 2020-12 tool called with: ${JSON.stringify(input)}`,
    )
    .tool(
      'test_x_mcp_header',
      {
        description: 'Mirrors a parameter into an Mcp-Param header',
        // `x-mcp-header` is an MCP annotation that JSON Schema typings do not know.
        input: fromJsonSchema({
          type: 'object',
          properties: { region: { type: 'string', 'x-mcp-header': 'Region' } as object },
          required: ['region'],
        }),
      },
      (input) => `region=${(input as { region: string }).region}`,
    );
  registerAskingTools(server);
}

/** Sampling and elicitation, written once with multi-round-trip results: the SDK sends 2025 clients real requests. */
function registerAskingTools(server: McpflowServer): void {
  server
    .tool(
      'test_sampling',
      { description: 'Tests server-initiated sampling (LLM completion request)', input: z.object({ prompt: z.string() }) },
      ({ prompt }, context) => {
        const answer = inputResponse(context.mcpReq.inputResponses, 'sampling');
        if (answer.kind !== 'sampling') {
          return inputRequired({
            inputRequests: {
              sampling: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
                maxTokens: 100,
              }),
            },
          });
        }
        const content = answer.result.content as { text?: string } | { text?: string }[];
        const text = Array.isArray(content) ? content[0]?.text : content.text;
        return `LLM response: ${text ?? 'No response'}`;
      },
    )
    .tool(
      'test_elicitation',
      { description: 'Tests server-initiated elicitation (user input request)', input: z.object({ message: z.string() }) },
      ({ message }, context) =>
        elicit(
          context.mcpReq.inputResponses,
          message,
          {
            type: 'object',
            properties: {
              username: { type: 'string', description: "User's username" },
              email: { type: 'string', description: "User's email" },
            },
            required: ['username', 'email'],
          },
          'User response',
        ),
    )
    .tool(
      'test_elicitation_sep1034_defaults',
      { description: 'Tests elicitation with default values per SEP-1034', input: none },
      (_input, context) =>
        elicit(
          context.mcpReq.inputResponses,
          'Please review and update the form fields with defaults',
          {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'User name', default: 'John Doe' },
              age: { type: 'integer', description: 'User age', default: 30 },
              score: { type: 'number', description: 'User score', default: 95.5 },
              status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
              verified: { type: 'boolean', description: 'Verification status', default: true },
            },
            required: [],
          },
          'Elicitation completed',
        ),
    )
    .tool(
      'test_elicitation_sep1330_enums',
      { description: 'Tests elicitation with enum schema improvements per SEP-1330', input: none },
      (_input, context) =>
        elicit(
          context.mcpReq.inputResponses,
          'Please select options from the enum fields',
          {
            type: 'object',
            properties: {
              untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
              titledSingle: {
                type: 'string',
                description: 'Select one option with titles',
                oneOf: [
                  { const: 'value1', title: 'First Option' },
                  { const: 'value2', title: 'Second Option' },
                  { const: 'value3', title: 'Third Option' },
                ],
              },
              legacyEnum: {
                type: 'string',
                description: 'Select one option (legacy)',
                enum: ['opt1', 'opt2', 'opt3'],
                enumNames: ['Option One', 'Option Two', 'Option Three'],
              },
              untitledMulti: {
                type: 'array',
                description: 'Select multiple options',
                minItems: 1,
                maxItems: 3,
                items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              },
              titledMulti: {
                type: 'array',
                description: 'Select multiple options with titles',
                minItems: 1,
                maxItems: 3,
                items: {
                  anyOf: [
                    { const: 'value1', title: 'First Choice' },
                    { const: 'value2', title: 'Second Choice' },
                    { const: 'value3', title: 'Third Choice' },
                  ],
                },
              },
            },
            required: [],
          },
          'Elicitation completed',
        ),
    )
    .tool(
      'test_missing_capability',
      { description: 'Asks for sampling, which a client may not offer', input: none },
      (_input, context) => {
        if (inputResponse(context.mcpReq.inputResponses, 'sampling').kind === 'sampling') return 'sampled';
        return inputRequired({
          inputRequests: {
            sampling: inputRequired.createMessage({
              messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
              maxTokens: 10,
            }),
          },
        });
      },
    );
}

function elicit(responses: unknown, message: string, requestedSchema: Record<string, unknown>, label: string) {
  const answer = inputResponse(responses as Parameters<typeof inputResponse>[0], 'form');
  if (answer.kind !== 'elicit')
    return inputRequired({
      inputRequests: { form: inputRequired.elicit({ message, requestedSchema: requestedSchema as never }) },
    });
  return `${label}: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
}
