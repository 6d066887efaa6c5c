import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InputRequestEvent } from './built-in-events.ts';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent } from './define-event.ts';
import { approvalWorkflow, firstEvent } from './test-support/linear-workflow.fixture.ts';

describe('human in the loop', () => {
  it('streams the request, waits, and continues with a matching answer', async () => {
    const run = approvalWorkflow.run({ topic: 'MCP' });
    const request = await firstEvent(run.events, InputRequestEvent.is);
    expect(InputRequestEvent.is(request) && request.data).toMatchObject({
      step: 'review',
      message: 'Publish "About MCP"?',
      schema: { type: 'object', required: ['approved', 'reviewer'] },
    });
    expect(run.status).toBe('waiting');
    expect(run.pendingInputs.map((pending) => pending.requestId)).toEqual([(request.data as { requestId: string }).requestId]);
    await run.respond((request.data as { requestId: string }).requestId, { approved: true, reviewer: 'ada' });
    expect(await run.result).toEqual({ text: 'About MCP', approvedBy: 'ada' });
    expect(run.getState()).toEqual({ drafts: 1 });
  });

  it('refuses an answer that does not fit, keeping the request open', async () => {
    const run = approvalWorkflow.run({ topic: 'x' });
    const request = await firstEvent(run.events, InputRequestEvent.is);
    const requestId = (request.data as { requestId: string }).requestId;
    await expect(run.respond(requestId, { approved: 'yes' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(run.pendingInputs).toHaveLength(1);
    await expect(run.respond('review#9.9', { approved: true, reviewer: 'x' })).rejects.toMatchObject({
      code: 'UNKNOWN_INPUT_REQUEST',
    });
    await run.respond(requestId, { approved: false, reviewer: 'bo' });
    expect(await run.result).toEqual({ text: 'About x (rejected)', approvedBy: 'bo' });
    await expect(run.respond(requestId, { approved: true, reviewer: 'x' })).rejects.toMatchObject({ code: 'RUN_NOT_ACTIVE' });
  });

  it('times out an unanswered request with INPUT_TIMEOUT, which the step may handle', async () => {
    const Start = defineEvent('start', z.object({}));
    const Stop = defineEvent('stop', z.object({ decision: z.string() }));
    const workflow = createWorkflow({ name: 'timeout', start: Start, stop: Stop })
      .step('ask', { on: [Start], emits: [Stop] }, async (_event, context) => {
        try {
          await context.requestInput({ message: 'Quick!', schema: z.object({ ok: z.boolean() }), timeoutMs: 20 });
          return Stop.create({ decision: 'answered' });
        } catch (error) {
          return Stop.create({ decision: (error as { code: string }).code });
        }
      })
      .build();
    const run = workflow.run({});
    const request = await firstEvent(run.events, InputRequestEvent.is);
    expect((request.data as { expiresAt: number }).expiresAt).toBeGreaterThan(Date.now() - 5);
    expect(await run.result).toEqual({ decision: 'INPUT_TIMEOUT' });
  });

  it('rejects waiting requests when the run is cancelled', async () => {
    const run = approvalWorkflow.run({ topic: 'x' });
    await firstEvent(run.events, InputRequestEvent.is);
    run.cancel();
    await expect(run.result).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(run.pendingInputs).toEqual([]);
  });

  it('lets a step handle a declined request, and reports when the run waits or ends', async () => {
    const Start = defineEvent('start', z.object({}));
    const Stop = defineEvent('stop', z.object({ outcome: z.string() }));
    const workflow = createWorkflow({ name: 'decline', start: Start, stop: Stop })
      .step('ask', { on: [Start], emits: [Stop] }, async (_event, context) => {
        const answer = await context
          .requestInput({ message: 'Go?', schema: z.object({ go: z.boolean() }) })
          .catch((error: { code: string; data: { action: string } }) => `${error.code}/${error.data.action}`);
        return Stop.create({ outcome: typeof answer === 'string' ? answer : 'answered' });
      })
      .build();
    const run = workflow.run({});
    expect(await run.untilWaitingOrEnded()).toBe('waiting');
    expect(await run.untilWaitingOrEnded()).toBe('waiting');
    const [pending] = run.pendingInputs;
    await expect(run.decline('ask#9.9')).rejects.toMatchObject({ code: 'UNKNOWN_INPUT_REQUEST' });
    await run.decline(pending?.requestId ?? '', 'cancel');
    expect(await run.untilWaitingOrEnded()).toBe('completed');
    expect(await run.result).toEqual({ outcome: 'INPUT_DECLINED/cancel' });
  });

  it('asks a language model through requestSampling, validating the request and the answer', async () => {
    const Start = defineEvent('start', z.object({ question: z.string() }));
    const Stop = defineEvent('stop', z.object({ answer: z.string() }));
    const workflow = createWorkflow({ name: 'sample', start: Start, stop: Stop })
      .step('ask', { on: [Start], emits: [Stop] }, async (event, context) => {
        const reply = await context.requestSampling({
          messages: [{ role: 'user', content: { type: 'text', text: event.data.question } }],
          maxTokens: 20,
        });
        return Stop.create({ answer: JSON.stringify(reply.content) });
      })
      .build();
    const run = workflow.run({ question: 'hello?' });
    const request = await firstEvent(run.events, InputRequestEvent.is);
    expect(request.data).toMatchObject({ kind: 'sampling', message: 'hello?', request: { maxTokens: 20 } });
    const requestId = (request.data as { requestId: string }).requestId;
    await expect(run.respond(requestId, { role: 'user', content: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await run.respond(requestId, { role: 'assistant', model: 'm', content: { type: 'text', text: 'hi' } });
    expect(await run.result).toEqual({ answer: '{"type":"text","text":"hi"}' });

    const invalid = createWorkflow({ name: 'bad-sample', start: Start, stop: Stop })
      .step('ask', { on: [Start], emits: [Stop] }, async (_event, context) => {
        await context.requestSampling({ messages: [], maxTokens: 0 });
        return Stop.create({ answer: '' });
      })
      .build();
    await expect(invalid.run({ question: 'x' }).result).rejects.toMatchObject({
      code: 'STEP_FAILED',
      cause: { code: 'INVALID_INPUT' },
    });
  });
});
