// Run by snapshot-resume.test.ts in a separate Node process: loads a snapshot, resumes, answers, prints the result.
import { createSqliteSnapshotStore } from '../sqlite-snapshot-store.ts';
import { approvalWorkflow } from './linear-workflow.fixture.ts';

const [databasePath, runId] = process.argv.slice(2) as [string, string];
const store = createSqliteSnapshotStore({ path: databasePath });
const snapshot = await store.load(runId);
if (snapshot === undefined) throw new Error(`no snapshot for ${runId}`);
const run = approvalWorkflow.resume(snapshot, { snapshotStore: store });
for await (const event of run.events) {
  if (event.type === 'mcpflow:input-request') {
    await run.respond((event.data as { requestId: string }).requestId, { approved: true, reviewer: 'child' });
  }
}
const result = await run.result;
await new Promise((resolve) => setTimeout(resolve, 10));
process.stdout.write(`${JSON.stringify({ result, state: run.getState(), stored: await store.load(runId), pid: process.pid })}\n`);
store.close();
