import { acceptedContent, inputRequired } from '@modelcontextprotocol/server';
import type { McpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { pngBase64 } from './fixture-content.ts';

/** The resources-*, prompts-*, completion and list-change scenarios. */
export function registerResourcesAndPrompts(server: McpflowServer): void {
  server
    .resource(
      'static-text',
      'test://static-text',
      { title: 'Static Text Resource', description: 'A static text resource for testing', mimeType: 'text/plain' },
      () => 'This is the content of the static text resource.',
    )
    .resource(
      'static-binary',
      'test://static-binary',
      { title: 'Static Binary Resource', description: 'A static binary resource (image)', mimeType: 'image/png' },
      () => Buffer.from(pngBase64, 'base64'),
    )
    .resource(
      'watched-resource',
      'test://watched-resource',
      { description: 'A resource clients subscribe to', mimeType: 'text/plain' },
      () => 'Watched resource content',
    )
    .resourceTemplate(
      'template',
      {
        uriTemplate: 'test://template/{id}/data',
        description: 'A resource template with parameter substitution',
        mimeType: 'application/json',
      },
      (_uri, variables) => JSON.stringify({ id: variables.id, templateTest: true, data: `Data for ID: ${variables.id}` }),
    )
    .prompt(
      'test_simple_prompt',
      { title: 'Simple Test Prompt', description: 'A simple prompt without arguments' },
      () => 'This is a simple prompt for testing.',
    )
    .prompt(
      'test_prompt_with_arguments',
      {
        description: 'A prompt with required arguments',
        arguments: z.object({
          arg1: z.string().describe('First test argument'),
          arg2: z.string().describe('Second test argument'),
        }),
        complete: { arg1: (value) => ['paris', 'park', 'party'].filter((word) => word.startsWith(value)) },
      },
      ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
    )
    .prompt(
      'test_prompt_with_embedded_resource',
      { description: 'A prompt that includes an embedded resource', arguments: z.object({ resourceUri: z.string() }) },
      ({ resourceUri }) => ({
        messages: [
          {
            role: 'user',
            content: {
              type: 'resource',
              resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' },
            },
          },
          { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
        ],
      }),
    )
    .prompt('test_prompt_with_image', { description: 'A prompt that includes image content' }, () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: pngBase64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }))
    .prompt(
      'test_input_required_result_prompt',
      { description: 'A prompt that asks for context first' },
      (_arguments, context) => {
        const answer = acceptedContent(context.mcpReq.inputResponses, 'user_context', z.object({ context: z.string() }));
        if (answer === undefined) {
          return inputRequired({
            inputRequests: {
              user_context: inputRequired.elicit({
                message: 'What context should the prompt use?',
                requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
              }),
            },
          });
        }
        return `Use this context: ${answer.context}`;
      },
    );
  registerListChangeTriggers(server);
}

let added = 0;

/** Tools that change the server's lists at run time, so that list_changed notifications are sent. */
function registerListChangeTriggers(server: McpflowServer): void {
  server
    .tool('test_trigger_tool_change', { description: 'Adds a tool and announces the change', input: z.object({}) }, () => {
      added += 1;
      server.tool(`test_added_tool_${added}`, { description: 'Added at run time', input: z.object({}) }, () => 'added');
      server.notifyListChanged('tools');
      return 'tool list changed';
    })
    .tool('test_trigger_prompt_change', { description: 'Adds a prompt and announces the change', input: z.object({}) }, () => {
      added += 1;
      server.prompt(`test_added_prompt_${added}`, { description: 'Added at run time' }, () => 'added');
      server.notifyListChanged('prompts');
      return 'prompt list changed';
    });
}
