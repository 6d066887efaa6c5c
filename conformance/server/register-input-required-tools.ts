import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  inputRequired,
  inputResponse,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { McpflowServer } from 'mcpflow/server';
import * as z from 'zod';

const none = z.object({});
const askName = (message = 'What is your name?') =>
  inputRequired.elicit({
    message,
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  });
const askRoots = () => inputRequired.listRoots();
const rootsOf = (context: ServerContext, key: string) => {
  const answer = inputResponse(context.mcpReq.inputResponses, key);
  return answer.kind === 'roots' ? answer.roots : undefined;
};

/** The input-required-result-* scenarios (SEP-2322 multi-round-trip requests). */
export function registerInputRequiredTools(server: McpflowServer): void {
  const state = <T>(context: ServerContext) => context.mcpReq.requestState<T>();
  server
    .tool(
      'test_input_required_result_elicitation',
      { description: 'Asks for a name, then greets', input: none },
      (_input, context) => {
        const answer = acceptedContent(context.mcpReq.inputResponses, 'user_name', z.object({ name: z.string() }));
        // A missing, declined or malformed answer asks again rather than failing (the spec's SHOULD).
        if (answer === undefined) return inputRequired({ inputRequests: { user_name: askName() } });
        return `Hello, ${answer.name}!`;
      },
    )
    .tool(
      'test_input_required_result_sampling',
      { description: 'Asks the client model a question', input: none },
      (_input, context) => {
        const answer = inputResponse(context.mcpReq.inputResponses, 'capital_question');
        if (answer.kind !== 'sampling') {
          return inputRequired({
            inputRequests: {
              capital_question: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
                maxTokens: 100,
              }),
            },
          });
        }
        const content = answer.result.content as { text?: string } | { text?: string }[];
        return `Sampling said: ${(Array.isArray(content) ? content[0]?.text : content.text) ?? ''}`;
      },
    )
    .tool(
      'test_input_required_result_list_roots',
      { description: "Lists the client's roots", input: none },
      (_input, context) => {
        const roots = rootsOf(context, 'client_roots');
        if (roots === undefined) return inputRequired({ inputRequests: { client_roots: askRoots() } });
        return `Roots: ${roots.map((root) => root.uri).join(', ')}`;
      },
    )
    .tool(
      'test_input_required_result_request_state',
      { description: 'Round-trips signed request state', input: none },
      async (_input, context) => {
        const confirmed = acceptedContent(context.mcpReq.inputResponses, 'confirm', z.object({ ok: z.boolean() }));
        const sealed = state<{ purpose: string }>(context);
        if (confirmed === undefined || sealed?.purpose !== 'confirm') {
          return inputRequired({
            inputRequests: {
              confirm: inputRequired.elicit({
                message: 'Please confirm',
                requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
              }),
            },
            requestState: await server.mintRequestState({ purpose: 'confirm' }, context),
          });
        }
        return `state-ok: confirmed=${confirmed.ok}`;
      },
    )
    .tool(
      'test_input_required_result_multiple_inputs',
      { description: 'Asks for three inputs at once', input: none },
      async (_input, context) => {
        const name = acceptedContent(context.mcpReq.inputResponses, 'user_name', z.object({ name: z.string() }));
        const greeting = inputResponse(context.mcpReq.inputResponses, 'greeting');
        const roots = rootsOf(context, 'client_roots');
        if (name === undefined || greeting.kind !== 'sampling' || roots === undefined || state(context) === undefined) {
          return inputRequired({
            inputRequests: {
              user_name: askName(),
              greeting: inputRequired.createMessage({
                messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
                maxTokens: 50,
              }),
              client_roots: askRoots(),
            },
            requestState: await server.mintRequestState({ purpose: 'multiple' }, context),
          });
        }
        return `All inputs received for ${name.name} with ${roots.length} root(s)`;
      },
    )
    .tool(
      'test_input_required_result_multi_round',
      { description: 'Asks two questions in two rounds', input: none },
      async (_input, context) => {
        const sealed = state<{ round: number; name?: string }>(context);
        const name = acceptedContent(context.mcpReq.inputResponses, 'step1', z.object({ name: z.string() }));
        const color = acceptedContent(context.mcpReq.inputResponses, 'step2', z.object({ color: z.string() }));
        if (sealed?.round === 2 && color !== undefined) return `Done: ${sealed.name} likes ${color.color}`;
        if (sealed?.round === 1 && name !== undefined) {
          return inputRequired({
            inputRequests: {
              step2: inputRequired.elicit({
                message: 'Step 2: What is your favorite color?',
                requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] },
              }),
            },
            requestState: await server.mintRequestState({ round: 2, name: name.name }, context),
          });
        }
        return inputRequired({
          inputRequests: { step1: askName('Step 1: What is your name?') },
          requestState: await server.mintRequestState({ round: 1 }, context),
        });
      },
    )
    .tool(
      'test_input_required_result_tampered_state',
      { description: 'Refuses tampered request state', input: none },
      async (_input, context) => {
        // The server's codec verifies the state before this runs: tampered state never gets here (-32602).
        if (state(context) !== undefined) return 'state verified';
        return inputRequired({
          inputRequests: { confirm: askName() },
          requestState: await server.mintRequestState({ purpose: 'tamper-test' }, context),
        });
      },
    )
    .tool(
      'test_input_required_result_capabilities',
      { description: 'Asks only for what the client offers', input: none },
      (_input, context) => {
        // On 2026-07-28 requests the SDK moves the per-request envelope (capabilities included) out of `_meta`.
        const envelope = (context.mcpReq.envelope ?? {}) as Record<string, unknown>;
        const offered = (envelope[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>;
        const requests: Record<string, ReturnType<typeof askName>> = {};
        if (offered.elicitation !== undefined && inputResponse(context.mcpReq.inputResponses, 'user_name').kind === 'missing')
          requests.user_name = askName();
        if (offered.roots !== undefined && inputResponse(context.mcpReq.inputResponses, 'client_roots').kind === 'missing')
          requests.client_roots = askRoots();
        if (offered.sampling !== undefined && inputResponse(context.mcpReq.inputResponses, 'greeting').kind === 'missing') {
          requests.greeting = inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }],
            maxTokens: 20,
          });
        }
        if (Object.keys(requests).length === 0) return 'nothing more to ask';
        return inputRequired({ inputRequests: requests });
      },
    );
}
