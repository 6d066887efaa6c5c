import { MockLanguageModelV4 } from 'ai/test';
import { McpflowError } from 'mcpflow';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { extractDocument } from './extract-document.ts';

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 10, text: 10, reasoning: undefined },
};

/** A mock model that answers each call with `answer(promptText, callNumber)` as JSON text. */
function scriptedModel(answer: (prompt: string, call: number) => unknown) {
  let calls = 0;
  const model = new MockLanguageModelV4({
    doGenerate: async (options) => {
      calls += 1;
      const prompt = JSON.stringify(options.prompt);
      const value = answer(prompt, calls);
      return {
        content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      };
    },
  });
  return model;
}

const invoice = [
  { number: 1, markdown: '# Invoice INV-2041\n\nBilled to **ACME Corp**, due 2026-12-31.' },
  { number: 2, markdown: '| item | price |\n| --- | --- |\n| Widget | 12.50 |\n\nTotal due: 12.50 EUR' },
];
const schema = z.object({ number: z.string(), customer: z.string(), total: z.number() });

describe('extractDocument', () => {
  it('returns schema-valid data with every value cited by a quote found on its page', async () => {
    const model = scriptedModel(() => ({
      data: { number: 'INV-2041', customer: 'ACME Corp', total: 12.5 },
      citations: [
        { path: '/number', page: 1, quote: 'Invoice INV-2041' },
        { path: '/customer', page: 1, quote: 'Billed to ACME Corp' },
        { path: '/total', page: 2, quote: 'Total due: 12.50  EUR' },
      ],
    }));
    const result = await extractDocument({ model, schema, pages: invoice });
    expect(result).toMatchObject({ data: { number: 'INV-2041', customer: 'ACME Corp', total: 12.5 }, parts: 1, calls: 1 });
    expect(result.citations.map((citation) => citation.page)).toEqual([1, 1, 2]);
    expect(JSON.stringify(model.doGenerateCalls[0]?.prompt)).toContain('<page number=\\"2\\">');
  });

  it('sends invented quotes and uncited values back to the model, then accepts the corrected answer', async () => {
    const model = scriptedModel((_prompt, call) => ({
      data: { number: 'INV-2041', customer: 'ACME Corp', total: 12.5 },
      citations:
        call === 1
          ? [
              { path: '/number', page: 1, quote: 'Invoice number INV-2041' },
              { path: '/total', page: 2, quote: 'Total due: 12.50' },
            ]
          : [
              { path: '/number', page: 1, quote: 'INV-2041' },
              { path: '/customer', page: 1, quote: 'ACME Corp' },
              { path: '/total', page: 2, quote: 'Total due: 12.50' },
            ],
    }));
    const result = await extractDocument({ model, schema, pages: invoice });
    expect(result.calls).toBe(2);
    const retry = JSON.stringify(model.doGenerateCalls[1]?.prompt);
    expect(retry).toContain('does not occur on page 1');
    expect(retry).toContain('/customer has no citation');
  });

  it('fails with EXTRACTION_FAILED naming the problems when the output never validates', async () => {
    const model = scriptedModel(() => ({ data: { number: 'INV-2041', total: 'twelve' }, citations: [] }));
    const error = await extractDocument({ model, schema, pages: invoice, maxAttempts: 2 }).catch((caught) => caught);
    expect(McpflowError.isInstance(error) && error.code).toBe('EXTRACTION_FAILED');
    expect((error as McpflowError).data).toMatchObject({ attempts: 2, pages: [1, 2] });
    expect(model.doGenerateCalls.length).toBe(2);
  });

  it('splits long documents into parts of whole pages, merges their results and moves citations along', async () => {
    const pages = [
      { number: 1, markdown: `# Order 77\n\n${'filler '.repeat(30)}\n\n- Bolt x 4` },
      { number: 2, markdown: `${'filler '.repeat(30)}\n\n- Nut x 9` },
      { number: 3, markdown: `${'filler '.repeat(30)}\n\n- Bolt x 4\n\n- Washer x 2` },
    ];
    const lines = z.object({ order: z.string(), lines: z.array(z.object({ part: z.string(), count: z.number() })) });
    const model = scriptedModel((prompt) => {
      if (prompt.includes('page number=\\"1\\"'))
        return {
          data: { order: '77', lines: [{ part: 'Bolt', count: 4 }] },
          citations: [
            { path: '/order', page: 1, quote: 'Order 77' },
            { path: '/lines/0', page: 1, quote: 'Bolt x 4' },
          ],
        };
      if (prompt.includes('page number=\\"2\\"'))
        return { data: { lines: [{ part: 'Nut', count: 9 }] }, citations: [{ path: '/lines/0', page: 2, quote: 'Nut x 9' }] };
      return {
        data: {
          lines: [
            { part: 'Bolt', count: 4 },
            { part: 'Washer', count: 2 },
          ],
        },
        citations: [
          { path: '/lines/0', page: 3, quote: 'Bolt x 4' },
          { path: '/lines/1', page: 3, quote: 'Washer x 2' },
        ],
      };
    });
    const result = await extractDocument({ model, schema: z.toJSONSchema(lines), pages, maxPartChars: 300 });
    expect(result.parts).toBe(3);
    expect(result.data).toEqual({
      order: '77',
      lines: [
        { part: 'Bolt', count: 4 },
        { part: 'Nut', count: 9 },
        { part: 'Washer', count: 2 },
      ],
    });
    expect(result.citations).toEqual([
      { path: '/order', page: 1, quote: 'Order 77' },
      { path: '/lines/0', page: 1, quote: 'Bolt x 4' },
      { path: '/lines/1', page: 2, quote: 'Nut x 9' },
      { path: '/lines/2', page: 3, quote: 'Washer x 2' },
    ]);
  });

  it('reports a field no part found as EXTRACTION_FAILED after merging', async () => {
    const model = scriptedModel(() => ({ data: {}, citations: [] }));
    const pages = [
      { number: 1, markdown: 'a '.repeat(200) },
      { number: 2, markdown: 'b '.repeat(200) },
    ];
    await expect(extractDocument({ model, schema, pages, maxPartChars: 450 })).rejects.toSatisfy(
      (error) => McpflowError.isInstance(error) && error.code === 'EXTRACTION_FAILED' && /merged/.test(error.message),
    );
  });
});
