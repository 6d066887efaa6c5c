/**
 * A module for `mcpflow serve` in its complete form: the default export is an mcpflow server (or a function that
 * builds one), served as it is, with every tool, resource, prompt and workflow it registers.
 *
 *   npx mcpflow serve examples/cli/server.ts --http 127.0.0.1:3920
 */
import { createMcpflowServer } from 'mcpflow/server';
import * as z from 'zod';
import { checkout } from './workflows.ts';

export default createMcpflowServer({ name: 'shop', version: '1.0.0' })
  .workflow(checkout)
  .tool('add', { description: 'Add two numbers', input: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => a + b)
  .tool('refuse', { description: 'Always fails, as a tool error', input: z.object({}) }, () => {
    throw new Error('out of stock');
  })
  .resource('price-list', 'shop://prices', { description: 'Prices per item', mimeType: 'application/json' }, () =>
    JSON.stringify({ apple: 0.5, pear: 0.75 }),
  )
  .prompt(
    'recommend',
    { description: 'Ask for a recommendation', arguments: z.object({ budget: z.string() }) },
    ({ budget }) => `What can I buy for ${budget}?`,
  );

export { checkout };
