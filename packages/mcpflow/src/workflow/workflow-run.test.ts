import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { McpflowError } from '../errors/mcpflow-error.ts';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent, type WorkflowEvent } from './define-event.ts';

const Start = defineEvent('start', z.object({ count: z.number().int().nonnegative() }));
const Item = defineEvent('item', z.object({ index: z.number() }));
const Done = defineEvent('done', z.object({ index: z.number() }));
const Stop = defineEvent('stop', z.object({ values: z.array(z.number()) }));

async function readAll(events: AsyncIterable<WorkflowEvent>): Promise<WorkflowEvent[]> {
  const seen: WorkflowEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const delay = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('workflow runs', () => {
  it('fans out, runs branches concurrently and fans in with collect', async () => {
    let running = 0;
    let peak = 0;
    const workflow = createWorkflow({ name: 'fan', start: Start, stop: Stop })
      .step('split', { on: [Start], emits: [Item] }, (event) =>
        Array.from({ length: event.data.count }, (_, index) => Item.create({ index })),
      )
      .step('branch', { on: [Item], emits: [Done] }, async (event) => {
        running += 1;
        peak = Math.max(peak, running);
        await delay(5);
        running -= 1;
        return Done.create({ index: event.data.index });
      })
      .step('join', { on: [Done], emits: [Stop] }, (event, context) => {
        const all = context.collect(event, Done, 20);
        if (all === undefined) return;
        return Stop.create({ values: all.map((done) => done.data.index).sort((a, b) => a - b) });
      })
      .build();
    const result = await workflow.run({ count: 20 }).result;
    expect(result.values).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(peak).toBe(20);
  });

  it('respects a per-step concurrency limit and keeps the rest in order', async () => {
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const workflow = createWorkflow({ name: 'limited', start: Start, stop: Stop })
      .step('split', { on: [Start], emits: [Item] }, (event) =>
        Array.from({ length: event.data.count }, (_, index) => Item.create({ index })),
      )
      .step('branch', { on: [Item], emits: [Done], concurrency: 3 }, async (event) => {
        order.push(event.data.index);
        running += 1;
        peak = Math.max(peak, running);
        await delay(2);
        running -= 1;
        return Done.create(event.data);
      })
      .step('join', { on: [Done], emits: [Stop] }, (event, context) => {
        const all = context.collect(event, Done, 10);
        return all && Stop.create({ values: all.map((done) => done.data.index) });
      })
      .build();
    await workflow.run({ count: 10 }).result;
    expect(peak).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('collects one event of each listed type, in the listed order', async () => {
    const Left = defineEvent('left', z.object({ side: z.literal('left') }));
    const Right = defineEvent('right', z.object({ side: z.literal('right') }));
    const Pair = defineEvent('pair', z.object({ sides: z.array(z.string()) }));
    const workflow = createWorkflow({ name: 'pair', start: Start, stop: Pair })
      .step('split', { on: [Start], emits: [Right, Left] }, (_event, context) => {
        context.send(Right.create({ side: 'right' }));
        return [Left.create({ side: 'left' })];
      })
      .step('join', { on: [Left, Right], emits: [Pair] }, (event, context) => {
        const both = context.collect(event, [Left, Right]);
        return both && Pair.create({ sides: both.map((side) => side.data.side) });
      })
      .build();
    expect(await workflow.run({ count: 0 }).result).toEqual({ sides: ['left', 'right'] });
  });

  it('streams written events and progress, then the stop event', async () => {
    const Note = defineEvent('note', z.object({ text: z.string() }));
    const workflow = createWorkflow({ name: 'stream', start: Start, stop: Stop })
      .step('work', { on: [Start], emits: [Stop] }, (_event, context) => {
        context.write(Note.create({ text: 'hello' }));
        context.progress(0.5, 'half way');
        context.progress(1);
        return Stop.create({ values: [] });
      })
      .build();
    const run = workflow.run({ count: 0 });
    expect(await readAll(run.events)).toEqual([
      { type: 'note', data: { text: 'hello' } },
      { type: 'mcpflow:progress', data: { step: 'work', invocationId: 'work#1', progress: 0.5, message: 'half way' } },
      { type: 'mcpflow:progress', data: { step: 'work', invocationId: 'work#1', progress: 1 } },
      { type: 'stop', data: { values: [] } },
    ]);
    expect(run.status).toBe('completed');
    expect(() => run.events[Symbol.asyncIterator]()).toThrow(/one reader/);
  });

  it('fails a step that reports progress outside 0..1 or emits an undeclared event', async () => {
    const workflow = createWorkflow({ name: 'bad', start: Start, stop: Stop })
      .step('work', { on: [Start], emits: [Stop] }, (event, context) => {
        if (event.data.count === 0) context.progress(2);
        return Item.create({ index: 1 }) as never;
      })
      .build();
    await expect(workflow.run({ count: 0 }).result).rejects.toMatchObject({
      code: 'STEP_FAILED',
      cause: { code: 'INVALID_EVENT' },
    });
    await expect(workflow.run({ count: 1 }).result).rejects.toMatchObject({
      code: 'STEP_FAILED',
      cause: { code: 'UNKNOWN_EVENT', message: 'step "work" emitted "item", which it does not declare in emits' },
    });
  });

  it('keeps concurrent runs of one workflow isolated', async () => {
    const workflow = createWorkflow({
      name: 'isolated',
      start: Start,
      stop: Stop,
      state: z.object({ seen: z.array(z.number()).default([]) }),
    })
      .step('split', { on: [Start], emits: [Item] }, (event) =>
        Array.from({ length: 5 }, (_, index) => Item.create({ index: event.data.count * 100 + index })),
      )
      .step('record', { on: [Item], emits: [Stop] }, async (event, context) => {
        await delay(event.data.index % 3);
        const state = await context.state.update((current) => ({ seen: [...current.seen, event.data.index] }));
        if (state.seen.length === 5) return Stop.create({ values: [...state.seen].sort((a, b) => a - b) });
      })
      .build();
    const first = workflow.run({ count: 1 });
    const second = workflow.run({ count: 2 });
    const [one, two] = await Promise.all([first.result, second.result]);
    expect(one.values).toEqual([100, 101, 102, 103, 104]);
    expect(two.values).toEqual([200, 201, 202, 203, 204]);
    expect(first.getState().seen).toHaveLength(5);
    expect(first.id).not.toBe(second.id);
  });

  it('applies concurrent async state updates atomically and refuses invalid state', async () => {
    const workflow = createWorkflow({ name: 'counter', start: Start, stop: Stop, state: z.object({ total: z.number().max(50) }) })
      .step('split', { on: [Start], emits: [Item] }, (event) =>
        Array.from({ length: event.data.count }, (_, index) => Item.create({ index })),
      )
      .step('add', { on: [Item], emits: [Stop] }, async (event, context) => {
        const state = await context.state.update(async (current) => {
          await delay(1);
          return { total: current.total + 1 };
        });
        if (state.total < 40) return;
        await expect(context.state.set({ total: 51 })).rejects.toMatchObject({ code: 'INVALID_STATE' });
        expect(context.state.get()).toEqual({ total: 40 });
        return Stop.create({ values: [state.total, event.data.index] });
      })
      .build();
    const run = workflow.run({ count: 40 }, { initialState: { total: 0 } });
    expect((await run.result).values[0]).toBe(40);
  });

  it('cancels mid-step: the step signal aborts and result rejects with CANCELLED', async () => {
    let signal: AbortSignal | undefined;
    let stepEntered: () => void = () => undefined;
    const entered = new Promise<void>((resolve) => {
      stepEntered = resolve;
    });
    const workflow = createWorkflow({ name: 'slow', start: Start, stop: Stop })
      .step('wait', { on: [Start], emits: [Stop] }, async (_event, context) => {
        signal = context.signal;
        stepEntered();
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        return Stop.create({ values: [] });
      })
      .build();
    const run = workflow.run({ count: 0 });
    const events = readAll(run.events);
    await entered;
    run.cancel('user pressed stop');
    expect(signal?.aborted).toBe(true);
    expect(McpflowError.isInstance(signal?.reason, 'CANCELLED')).toBe(true);
    await expect(run.result).rejects.toMatchObject({ code: 'CANCELLED', message: 'user pressed stop' });
    await expect(events).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(run.status).toBe('cancelled');
    expect(() => run.send(Item.create({ index: 1 }))).toThrow(expect.objectContaining({ code: 'RUN_NOT_ACTIVE' }));
  });

  it('cancels through an external AbortSignal', async () => {
    const controller = new AbortController();
    const workflow = createWorkflow({ name: 'external-abort', start: Start, stop: Stop })
      .step('wait', { on: [Start], emits: [Stop] }, (_event, context) => new Promise<never>(() => context.signal))
      .build();
    const run = workflow.run({ count: 0 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(run.result).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('injects external events with run.send, validating them', async () => {
    const Vote = defineEvent('vote', z.object({ yes: z.boolean() }));
    const workflow = createWorkflow({ name: 'poll', start: Start, stop: Stop, external: [Vote] })
      .step('open', { on: [Start] }, () => undefined)
      .step('tally', { on: [Vote], emits: [Stop] }, (event, context) => {
        const votes = context.collect(event, Vote, 3);
        return votes && Stop.create({ values: votes.map((vote) => (vote.data.yes ? 1 : 0)) });
      })
      .build();
    const run = workflow.run({ count: 0 });
    await delay(1);
    expect(run.status).toBe('waiting');
    expect(() => run.send({ type: 'vote', data: { yes: 'maybe' } })).toThrow(expect.objectContaining({ code: 'INVALID_EVENT' }));
    expect(() => run.send({ type: 'nope', data: {} })).toThrow(expect.objectContaining({ code: 'UNKNOWN_EVENT' }));
    run.send(Vote.create({ yes: true }));
    run.send(Vote.create({ yes: false }));
    run.send({ type: 'vote', data: { yes: true } });
    expect(await run.result).toEqual({ values: [1, 0, 1] });
  });

  it('fails with STALLED when nothing is left to run and no stop event came', async () => {
    const workflow = createWorkflow({ name: 'stall', start: Start, stop: Stop })
      .step('maybe', { on: [Start], emits: [Stop] }, (event) => (event.data.count > 0 ? Stop.create({ values: [] }) : undefined))
      .build();
    await expect(workflow.run({ count: 0 }).result).rejects.toMatchObject({ code: 'STALLED' });
    await expect(workflow.run({ count: 1 }).result).resolves.toEqual({ values: [] });
  });

  it('refuses context calls after the step returned', async () => {
    let late: (() => void) | undefined;
    const workflow = createWorkflow({ name: 'late', start: Start, stop: Stop })
      .step('first', { on: [Start], emits: [Item] }, (_event, context) => {
        late = () => context.send(Item.create({ index: 0 }));
        return Item.create({ index: 1 });
      })
      .step('second', { on: [Item], emits: [Stop] }, () => Stop.create({ values: [] }))
      .build();
    await workflow.run({ count: 0 }).result;
    expect(() => late?.()).toThrow(expect.objectContaining({ code: 'RUN_NOT_ACTIVE' }));
  });
});
