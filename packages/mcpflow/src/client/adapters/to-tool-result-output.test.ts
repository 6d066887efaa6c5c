import type { CallToolResult } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { toToolResultOutput } from './to-tool-result-output.ts';

// Server-everything covers the common results (see to-ai-sdk-tools.test.ts and the agent's tests); these are the
// combinations no reference server returns.
const png = Buffer.from('not really a png').toString('base64');

describe('toToolResultOutput', () => {
  it('joins text-only results into one text, keeping each block on its own line', () => {
    const result: CallToolResult = {
      content: [
        { type: 'text', text: 'first' },
        { type: 'resource_link', name: 'notes', uri: 'file:///notes.md', mimeType: 'text/markdown' },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'alpha' } },
      ],
    };
    expect(toToolResultOutput(result, 'file')).toEqual({
      type: 'text',
      value: 'first\n[resource link: notes <file:///notes.md> text/markdown]\n[resource <file:///a.txt>]\nalpha',
    });
  });

  it('sends a result that is its structuredContent as JSON, and keeps other content beside it', () => {
    const value = { temperature: 33, tags: ['a'] };
    expect(toToolResultOutput({ content: [], structuredContent: value }, 'file')).toEqual({ type: 'json', value });
    const mirrored = { content: [{ type: 'text' as const, text: JSON.stringify(value) }], structuredContent: value };
    expect(toToolResultOutput(mirrored, 'file')).toEqual({ type: 'json', value });
    const withImage: CallToolResult = {
      content: [
        { type: 'text', text: JSON.stringify(value) },
        { type: 'image', mimeType: 'image/png', data: png },
      ],
      structuredContent: value,
    };
    expect(toToolResultOutput(withImage, 'file')).toEqual({
      type: 'content',
      value: [
        { type: 'text', text: JSON.stringify(value) },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
      ],
    });
  });

  it('sends blobs as files only where providers read them', () => {
    const result: CallToolResult = {
      content: [
        { type: 'resource', resource: { uri: 'file:///a.wav', mimeType: 'audio/wav', blob: png } },
        { type: 'resource', resource: { uri: 'file:///a.zip', mimeType: 'application/zip', blob: png } },
      ],
    };
    expect(toToolResultOutput(result, 'file')).toEqual({
      type: 'content',
      value: [
        { type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: png }, filename: 'file:///a.wav' },
        { type: 'text', text: '[resource <file:///a.zip>: application/zip, 16 B, not shown]' },
      ],
    });
    expect(toToolResultOutput(result, 'text')).toMatchObject({ type: 'text', value: expect.stringContaining('audio/wav') });
  });

  it('turns isError results into error text, media as placeholders', () => {
    const result: CallToolResult = {
      isError: true,
      content: [
        { type: 'text', text: 'render failed' },
        { type: 'image', mimeType: 'image/png', data: png },
      ],
    };
    expect(toToolResultOutput(result, 'file')).toEqual({
      type: 'error-text',
      value: 'render failed\n[image: image/png, 16 B, not shown]',
    });
    expect(toToolResultOutput({ isError: true, content: [] }, 'file')).toEqual({
      type: 'error-text',
      value: 'the tool reported an error',
    });
  });
});
