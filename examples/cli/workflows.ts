/**
 * A module for `mcpflow serve` and `mcpflow diagram` in its shortest form: named exports. Every exported workflow
 * becomes a tool, and `tools` (an AI SDK tool set, or plain `{ description, inputSchema, execute }` objects like
 * these) is added as tools too.
 *
 *   npx mcpflow serve examples/cli/workflows.ts            # stdio, for Claude Desktop and other hosts
 *   npx mcpflow serve examples/cli/workflows.ts --http 3920
 *   npx mcpflow diagram examples/cli/workflows.ts
 */
import { createWorkflow, defineEvent } from 'mcpflow';
import * as z from 'zod';

const Order = defineEvent('order', z.object({ item: z.string().describe('What to order'), quantity: z.number().int().min(1) }));
const Priced = defineEvent('priced', z.object({ item: z.string(), quantity: z.number(), total: z.number() }));
const Confirmed = defineEvent('confirmed', z.object({ summary: z.string(), total: z.number() }));

const prices: Record<string, number> = { apple: 0.5, pear: 0.75 };

/** Prices an order and confirms it: two steps, with progress. */
export const checkout = createWorkflow({
  name: 'checkout',
  description: 'Price and confirm an order',
  start: Order,
  stop: Confirmed,
})
  .step('price', { on: [Order], emits: [Priced] }, (event, context) => {
    context.progress(0.5, 'priced');
    const total = (prices[event.data.item] ?? 1) * event.data.quantity;
    return Priced.create({ ...event.data, total });
  })
  .step('confirm', { on: [Priced], emits: [Confirmed] }, (event) =>
    Confirmed.create({ summary: `${event.data.quantity} × ${event.data.item}`, total: event.data.total }),
  )
  .build();

/** Plain tools, served next to the workflow. */
export const tools = {
  shout: {
    description: 'Upper-cases a text',
    inputSchema: z.object({ text: z.string() }),
    execute: ({ text }: { text: string }) => text.toUpperCase(),
  },
};
