import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url);

it('runs the README example as written and prints what its comment says', async () => {
  const readme = await readFile(new URL('README.md', root), 'utf8');
  const example = readme.match(/```ts\n([\s\S]*?)```/)?.[1];
  expect(example?.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(10);
  // Written inside the repository so that `mcpflow` resolves to the workspace package, as it would for a user.
  const file = new URL('examples/.readme-example.ts', root);
  await writeFile(file, example ?? '');
  try {
    const { stdout } = await run(process.execPath, [fileURLToPath(file)], { timeout: 15_000 });
    expect(stdout.trim()).toBe("{ text: 'HELLO MCP' }");
  } finally {
    await rm(file, { force: true });
  }
});
