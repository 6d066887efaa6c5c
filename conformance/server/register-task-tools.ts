import { acceptedContent, inputRequired } from '@modelcontextprotocol/server';
import { createWorkflow, defineEvent } from 'mcpflow';
import { type McpflowServer, taskSlotOf } from 'mcpflow/server';
import * as z from 'zod';
import { sleep } from './fixture-content.ts';

const Target = defineEvent('target', z.object({ path: z.string().default('/tmp/example') }));
const Deleted = defineEvent('deleted', z.object({ deleted: z.boolean(), path: z.string() }));
const confirmDelete = createWorkflow({
  name: 'confirm_delete',
  description: 'Deletes after a confirmation',
  start: Target,
  stop: Deleted,
})
  .step('confirm', { on: [Target], emits: [Deleted] }, async (event, context) => {
    const answer = await context.requestInput({
      message: `Delete ${event.data.path}?`,
      schema: z.object({ confirm: z.boolean() }),
    });
    return Deleted.create({ deleted: answer.confirm, path: event.data.path });
  })
  .build();

const Start = defineEvent('start', z.object({}));
const Half = defineEvent('half', z.object({ field: z.string(), value: z.string() }));
const Both = defineEvent('both', z.object({ first: z.string(), second: z.string() }));
const multiInput = createWorkflow({ name: 'multi_input', description: 'Asks two questions at once', start: Start, stop: Both })
  .step('ask-first', { on: [Start], emits: [Half] }, async (_event, context) => {
    const answer = await context.requestInput({ message: 'First name?', schema: z.object({ name: z.string() }) });
    return Half.create({ field: 'first', value: answer.name });
  })
  .step('ask-second', { on: [Start], emits: [Half] }, async (_event, context) => {
    const answer = await context.requestInput({ message: 'Second name?', schema: z.object({ name: z.string() }) });
    return Half.create({ field: 'second', value: answer.name });
  })
  .step('join', { on: [Half], emits: [Both] }, (event, context) => {
    const halves = context.collect(event, Half, 2);
    if (halves === undefined) return;
    const value = (field: string) => halves.find((half) => half.data.field === field)?.data.value ?? '';
    return Both.create({ first: value('first'), second: value('second') });
  })
  .build();

/** The tasks-* scenarios (SEP-2663): sync, task-supporting and task-required tools, and workflows as tasks. */
export function registerTaskTools(server: McpflowServer): void {
  server
    .tool(
      'greet',
      { description: 'Greets synchronously', input: z.object({ name: z.string().default('world') }) },
      ({ name }) => `Hello, ${name}!`,
    )
    .tool(
      'slow_compute',
      {
        description: 'Sleeps, then answers',
        input: z.object({ seconds: z.number().default(1), label: z.string().optional() }),
        task: 'optional',
      },
      async ({ seconds, label }) => {
        await sleep(seconds * 1_000);
        return `computed ${label ?? 'result'} after ${seconds}s`;
      },
    )
    .tool(
      'failing_job',
      { description: 'Fails as a tool after about a second', input: z.object({}), task: 'required' },
      async () => {
        await sleep(1_000);
        return { isError: true, content: [{ type: 'text', text: 'failing_job failed on purpose' }] };
      },
    )
    .tool(
      'protocol_error_job',
      { description: 'Crashes (a protocol-level failure)', input: z.object({}), task: 'optional' },
      async () => {
        await sleep(200);
        throw new Error('protocol_error_job crashed on purpose');
      },
    )
    .tool(
      'test_tool_with_task',
      { description: 'Gathers a name, then continues as a task', input: z.object({}), task: 'required' },
      async (_input, context) => {
        const answer = acceptedContent(context.mcpReq.inputResponses, 'user_name', z.object({ name: z.string() }));
        if (answer === undefined) {
          return inputRequired({
            inputRequests: {
              user_name: inputRequired.elicit({
                message: 'What is your name?',
                requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
              }),
            },
          });
        }
        await taskSlotOf(context)?.ensure();
        await sleep(300);
        return `Task finished for ${answer.name}`;
      },
    )
    .workflow(confirmDelete, { task: 'optional' })
    .workflow(multiInput, { task: 'optional' });
}
