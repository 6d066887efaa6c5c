import type { ToolResultOutput } from '../client/adapters/to-tool-result-output.ts';

/** A short, one-line summary of what a tool call produced, for people watching the run. */
export function summarizeOutput(output: ToolResultOutput, limit = 200): string {
  const text = (() => {
    switch (output.type) {
      case 'text':
      case 'error-text':
        return output.value;
      case 'json':
      case 'error-json':
        return JSON.stringify(output.value);
      case 'execution-denied':
        return `denied${output.reason === undefined ? '' : `: ${output.reason}`}`;
      case 'content':
        return output.value
          .map((part) => (part.type === 'text' ? part.text : part.type === 'file' ? `[${part.mediaType}]` : `[${part.type}]`))
          .join(' ');
    }
  })();
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

/** Any value as plain JSON (bytes as base64, drops what JSON cannot carry), so that results survive snapshots. */
export function toJsonValue(value: unknown): Extract<ToolResultOutput, { type: 'json' }>['value'] {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, toJsonReplacer));
}

function toJsonReplacer(_key: string, value: unknown): unknown {
  // Buffers reach the replacer already as { type: 'Buffer', data: [...] } (their toJSON runs first).
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer') {
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) return Buffer.from(data).toString('base64');
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString('base64');
  return value;
}
