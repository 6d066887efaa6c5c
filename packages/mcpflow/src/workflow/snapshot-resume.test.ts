import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InputRequestEvent } from './built-in-events.ts';
import { createWorkflow } from './create-workflow.ts';
import { defineEvent } from './define-event.ts';
import { createMemorySnapshotStore } from './snapshot-store.ts';
import { createSqliteSnapshotStore } from './sqlite-snapshot-store.ts';
import { approvalWorkflow, firstEvent } from './test-support/linear-workflow.fixture.ts';
import type { WorkflowRun } from './workflow-run.ts';
import type { WorkflowSnapshot } from './workflow-snapshot.ts';

const run = promisify(execFile);
const childScript = fileURLToPath(new URL('./test-support/resume-child.fixture.ts', import.meta.url));

async function untilWaiting(workflowRun: WorkflowRun): Promise<void> {
  for (let tries = 0; workflowRun.status !== 'waiting'; tries += 1) {
    if (tries > 500) throw new Error(`run never waited (status ${workflowRun.status})`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('snapshot and resume', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mcpflow-snapshot-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('resumes in another process from the SQLite store with the same result', async () => {
    const uninterrupted = approvalWorkflow.run({ topic: 'durability' });
    const request = await firstEvent(uninterrupted.events, InputRequestEvent.is);
    await uninterrupted.respond((request.data as { requestId: string }).requestId, { approved: true, reviewer: 'child' });
    const expected = await uninterrupted.result;

    const databasePath = join(directory, 'runs.db');
    const store = createSqliteSnapshotStore({ path: databasePath });
    const original = approvalWorkflow.run({ topic: 'durability' }, { snapshotStore: store, runId: 'run-1' });
    await untilWaiting(original);
    const saved = await store.load('run-1');
    expect(saved?.inputs.map((input) => input.requestId)).toEqual(['review#2.1']);
    const suspended = await original.suspend();
    await expect(original.result).rejects.toMatchObject({ code: 'SUSPENDED' });
    expect(original.status).toBe('suspended');
    expect(await store.list()).toEqual([{ runId: 'run-1', workflow: 'approval', savedAt: suspended.savedAt }]);

    const { stdout } = await run(process.execPath, [childScript, databasePath, 'run-1'], { timeout: 15_000 });
    const child = JSON.parse(stdout) as { result: unknown; state: unknown; stored: unknown; pid: number };
    expect(child.pid).not.toBe(process.pid);
    expect(child.result).toEqual(expected);
    expect(child.state).toEqual(uninterrupted.getState());
    expect(child.stored ?? null).toBeNull();
    expect(await store.load('run-1')).toBeUndefined();
    // Single use across processes: only the named save is taken, and only once.
    await store.save(suspended);
    expect(await store.take?.('run-1', suspended.savedAt - 1)).toBeUndefined();
    const takes = await Promise.all([1, 2].map(() => store.take?.('run-1', suspended.savedAt)));
    expect(takes.map((taken) => taken?.runId)).toEqual(['run-1', undefined]);
    store.close();
  });

  it('round-trips through JSON, keeps request ids, and takes an answer given before the step is replayed', async () => {
    const first = approvalWorkflow.run({ topic: 'json' });
    const request = await firstEvent(first.events, InputRequestEvent.is);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as WorkflowSnapshot;
    first.cancel();
    const resumed = approvalWorkflow.resume(snapshot);
    expect(resumed.id).toBe(first.id);
    await resumed.respond((request.data as { requestId: string }).requestId, { approved: false, reviewer: 'eve' });
    expect(await resumed.result).toEqual({ text: 'About json (rejected)', approvedBy: 'eve' });
  });

  it('gives a replayed fan-in step the same collected events and earlier answers', async () => {
    const Start = defineEvent('start', z.object({ count: z.number() }));
    const Part = defineEvent('part', z.object({ value: z.number() }));
    const Stop = defineEvent('stop', z.object({ sum: z.number(), note: z.string() }));
    const workflow = createWorkflow({ name: 'fan-hitl', start: Start, stop: Stop })
      .step('split', { on: [Start], emits: [Part] }, (event) =>
        Array.from({ length: event.data.count }, (_, value) => Part.create({ value })),
      )
      .step('join', { on: [Part], emits: [Stop] }, async (event, context) => {
        const parts = context.collect(event, Part, 4);
        if (parts === undefined) return;
        const first = await context.requestInput({ message: 'first?', schema: z.object({ note: z.string() }) });
        const second = await context.requestInput({ message: 'second?', schema: z.object({ note: z.string() }) });
        const sum = parts.reduce((total, part) => total + part.data.value, 0);
        return Stop.create({ sum, note: `${first.note}+${second.note}` });
      })
      .build();
    const original = workflow.run({ count: 4 });
    const firstRequest = await firstEvent(original.events, InputRequestEvent.is);
    await original.respond((firstRequest.data as { requestId: string }).requestId, { note: 'a' });
    await untilWaiting(original);
    const snapshot = await original.suspend();
    expect(snapshot.inputs.map((input) => [input.message, input.answered])).toEqual([
      ['first?', true],
      ['second?', false],
    ]);
    const resumed = workflow.resume(snapshot);
    const secondRequest = await firstEvent(resumed.events, InputRequestEvent.is);
    expect((secondRequest.data as { message: string }).message).toBe('second?');
    await resumed.respond((secondRequest.data as { requestId: string }).requestId, { note: 'b' });
    expect(await resumed.result).toEqual({ sum: 6, note: 'a+b' });
  });

  it('keeps an input deadline across resume', async () => {
    const Start = defineEvent('start', z.object({}));
    const Stop = defineEvent('stop', z.object({ outcome: z.string() }));
    const workflow = createWorkflow({ name: 'deadline', start: Start, stop: Stop })
      .step('ask', { on: [Start], emits: [Stop] }, async (_event, context) => {
        const answer = await context.requestInput({ message: 'x', schema: z.object({}), timeoutMs: 60 }).catch(() => undefined);
        return Stop.create({ outcome: answer === undefined ? 'expired' : 'answered' });
      })
      .build();
    const original = workflow.run({});
    await untilWaiting(original);
    const snapshot = await original.suspend();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await workflow.resume(snapshot).result).toEqual({ outcome: 'expired' });
  });

  it('saves to a store whenever the run waits and removes the snapshot when it ends', async () => {
    const store = createMemorySnapshotStore();
    const waiting = approvalWorkflow.run({ topic: 'stored' }, { snapshotStore: store, runId: 'kept' });
    const request = await firstEvent(waiting.events, InputRequestEvent.is);
    await untilWaiting(waiting);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await store.list({ workflow: 'approval' })).map((summary) => summary.runId)).toEqual(['kept']);
    expect(await store.list({ workflow: 'other' })).toEqual([]);
    await waiting.respond((request.data as { requestId: string }).requestId, { approved: true, reviewer: 'x' });
    await waiting.result;
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(await store.load('kept')).toBeUndefined();
  });

  it('fails the run with SNAPSHOT_FAILED when the store cannot save', async () => {
    const store = { ...createMemorySnapshotStore(), save: () => Promise.reject(new Error('disk full')) };
    const failing = approvalWorkflow.run({ topic: 'x' }, { snapshotStore: store });
    await expect(failing.result).rejects.toMatchObject({ code: 'SNAPSHOT_FAILED', cause: { message: 'disk full' } });
  });

  it('refuses malformed snapshots and snapshots of other workflows', async () => {
    const waiting = approvalWorkflow.run({ topic: 'x' });
    await untilWaiting(waiting);
    const snapshot = waiting.snapshot();
    waiting.cancel();
    expect(() => approvalWorkflow.resume({ ...snapshot, version: 2 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_SNAPSHOT' }),
    );
    expect(() => approvalWorkflow.resume({ ...snapshot, workflow: 'other' })).toThrow(/belongs to workflow "other"/);
    const [invocation] = snapshot.invocations;
    if (invocation === undefined) throw new Error('expected a waiting invocation');
    const badStep = { ...snapshot, invocations: [{ ...invocation, step: 'ghost' }] };
    expect(() => approvalWorkflow.resume(badStep)).toThrow(/names step "ghost"/);
  });
});
