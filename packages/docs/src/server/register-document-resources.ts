import { McpflowError } from 'mcpflow';
import type { McpflowServer } from 'mcpflow/server';
import type { DocumentStore } from '../index/document-store.ts';
import { documentUri } from './tool-schemas.ts';

/**
 * @internal Indexed documents as resources: `doc://{index}/{+id}` (the whole document) and
 * `doc://{index}/{+id}/pages/{range}` (pages `3` or `2-5`), both with completion of index names, document paths and
 * page numbers. The page template is registered first: the SDK tries templates in order, and the document
 * template's `{+id}` would otherwise swallow `…/pages/2` as part of the path.
 */
export function registerDocumentResources(server: McpflowServer, store: DocumentStore): McpflowServer {
  const complete = {
    index: async (value: string) => (await store.indexes()).map((index) => index.name).filter((name) => name.startsWith(value)),
    id: async (value: string, context?: { arguments?: Record<string, string> }) => {
      const index = context?.arguments?.index;
      const names = index === undefined ? (await store.indexes()).map((entry) => entry.name) : [index];
      const documents = (await Promise.all(names.map((name) => store.list(name, { idPrefix: value })))).flat();
      return [...new Set(documents.map((document) => document.id))].sort().slice(0, 100);
    },
  };
  return server
    .resourceTemplate(
      'document-pages',
      {
        uriTemplate: 'doc://{index}/{+id}/pages/{range}',
        description: 'Pages of an indexed document as Markdown: one page (3) or a range (2-5)',
        mimeType: 'text/markdown',
        complete: {
          ...complete,
          range: async (value, context) => {
            const { index, id } = context?.arguments ?? {};
            if (index === undefined || id === undefined) return [];
            const found = await store.read(index, id);
            const count = found?.pages.length ?? 0;
            const ranges = Array.from({ length: count }, (_, offset) => String(offset + 1));
            if (count > 1) ranges.push(`1-${count}`);
            return ranges.filter((range) => range.startsWith(value));
          },
        },
      },
      async (_uri, variables) => {
        const index = String(variables.index);
        const id = String(variables.id);
        const found = await store.read(index, id);
        if (found === undefined) throw new McpflowError('NOT_FOUND', `no document "${id}" in index "${index}"`);
        const [first, last] = parseRange(String(variables.range), found.pages.length);
        return found.pages
          .filter((page) => page.number >= first && page.number <= last)
          .map((page) => page.markdown)
          .join('\n\n');
      },
    )
    .resourceTemplate(
      'document',
      {
        uriTemplate: 'doc://{index}/{+id}',
        description: 'An indexed document as Markdown',
        mimeType: 'text/markdown',
        complete,
        list: async () => {
          const indexes = await store.indexes();
          const lists = await Promise.all(indexes.map((index) => store.list(index.name)));
          return lists.flat().map((document) => ({
            uri: documentUri(document.index, document.id),
            name: document.title ?? document.id,
            mimeType: 'text/markdown',
          }));
        },
      },
      async (_uri, variables) => {
        const found = await store.read(String(variables.index), String(variables.id));
        if (found === undefined)
          throw new McpflowError('NOT_FOUND', `no document "${String(variables.id)}" in index "${String(variables.index)}"`);
        return found.markdown;
      },
    );
}

/** `3` or `2-5` (from 1, both ends included) within the document's pages. */
function parseRange(range: string, pages: number): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(range);
  const first = Number(match?.[1]);
  const last = match?.[2] === undefined ? first : Number(match[2]);
  if (match === null || first < 1 || last < first)
    throw new McpflowError('INVALID_INPUT', `"${range}" is not a page range: use a page (3) or a range (2-5), from 1`);
  if (first > pages) throw new McpflowError('INVALID_INPUT', `the document has ${pages} pages; page ${first} does not exist`);
  return [first, Math.min(last, pages)];
}
