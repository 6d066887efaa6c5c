import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from './chunk-markdown.ts';
import { chunkPages } from './chunk-pages.ts';

describe('chunkMarkdown', () => {
  it('starts a chunk at each heading and names it by the heading path', () => {
    const chunks = chunkMarkdown(
      'Preface.\n\n# Guide\n\nIntro.\n\n## Install\n\nRun it.\n\n## Use\n\nCall it.\n\n# Other\n\nEnd.',
    );
    expect(chunks.map((chunk) => [chunk.heading, chunk.text])).toEqual([
      ['', 'Preface.'],
      ['Guide', 'Intro.'],
      ['Guide > Install', 'Run it.'],
      ['Guide > Use', 'Call it.'],
      ['Other', 'End.'],
    ]);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps tables and fenced code whole even when they are larger than a chunk', () => {
    const table = [
      '| a | b |',
      '| --- | --- |',
      ...Array.from({ length: 40 }, (_, row) => `| ${row} | ${'x'.repeat(20)} |`),
    ].join('\n');
    const code = ['```', ...Array.from({ length: 30 }, (_, line) => `line ${line} ${'y'.repeat(20)}`), '```'].join('\n');
    const chunks = chunkMarkdown(`# Data\n\nBefore.\n\n${table}\n\n${code}\n\nAfter.`, 3, { maxChars: 200 });
    expect(chunks.some((chunk) => chunk.text === table)).toBe(true);
    expect(chunks.some((chunk) => chunk.text === code)).toBe(true);
    expect(chunks.every((chunk) => chunk.page === 3 && chunk.heading === 'Data')).toBe(true);
  });

  it('packs paragraphs up to the size and splits an overlong paragraph between sentences', () => {
    const sentence = 'This sentence has exactly some words in it. ';
    const chunks = chunkMarkdown(sentence.repeat(20).trim(), 1, { maxChars: 200 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(200);
      expect(chunk.text.endsWith('.')).toBe(true);
    }
  });
});

describe('structure-aware chunking across pages and lists', () => {
  it('cuts a list only between items', () => {
    const list = Array.from({ length: 12 }, (_, item) => `- item ${item} ${'z'.repeat(30)}\n  continued ${item}`).join('\n');
    const chunks = chunkMarkdown(`# List\n\n${list}`, 1, { maxChars: 200 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.text.startsWith('- item ')).toBe(true);
      expect(chunk.text.split('\n').filter((line) => line.startsWith('- ')).length).toBe(
        chunk.text.split('\n').filter((line) => line.startsWith('  continued')).length,
      );
    }
    expect(chunks.map((chunk) => chunk.text).join('\n')).toBe(list);
  });

  it('keeps each chunk on one page, carries the heading path over page breaks, and numbers chunks through', () => {
    const chunks = chunkPages([
      { number: 1, markdown: '# Manual\n\nIntro.\n\n## Setup\n\nStep one.' },
      { number: 2, markdown: 'Step two, continued.\n\n## Use\n\nCall it.' },
      { number: 3, markdown: '| a | b |\n| --- | --- |\n| 1 | 2 |' },
    ]);
    expect(chunks.map((chunk) => [chunk.ordinal, chunk.page, chunk.heading, chunk.text])).toEqual([
      [0, 1, 'Manual', 'Intro.'],
      [1, 1, 'Manual > Setup', 'Step one.'],
      [2, 2, 'Manual > Setup', 'Step two, continued.'],
      [3, 2, 'Manual > Use', 'Call it.'],
      [4, 3, 'Manual > Use', '| a | b |\n| --- | --- |\n| 1 | 2 |'],
    ]);
  });
});
