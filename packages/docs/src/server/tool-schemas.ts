import * as z from 'zod';

/** @internal Shared zod pieces of the docs tools' input and output schemas. */
export const indexName = z.string().min(1).max(100).describe('The index name');

/** @internal A document given by path, URL or inline content (exactly one). */
export const sourceFields = {
  path: z.string().max(4096).optional().describe('A file under the allowed roots (relative to the first root, or absolute)'),
  url: z.string().max(8192).optional().describe('An http(s) URL (private, loopback and link-local addresses are refused)'),
  content: z.string().max(70_000_000).optional().describe('The file itself, base64-encoded (with name)'),
  name: z.string().max(1000).optional().describe('The file name of inline content; its extension tells the format'),
  mediaType: z.string().max(200).optional().describe('The media type, when the name does not tell it'),
};

/** @internal Metadata filter values. */
export const metadataFilter = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .optional()
  .describe('Only documents whose metadata has exactly these values');

/** @internal One page of a document. */
export const page = z.object({ number: z.number(), markdown: z.string() });

/** @internal A document's metadata, as parsed. */
export const documentMetadata = z.object({
  pageCount: z.number(),
  title: z.string().optional(),
  author: z.string().optional(),
  subject: z.string().optional(),
  keywords: z.string().optional(),
  creator: z.string().optional(),
  producer: z.string().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
});

/** @internal One parsed page with its layout facts (PDF blocks only when asked for). */
export const parsedPage = page.extend({
  title: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  scanned: z.boolean().optional(),
  ocr: z.boolean().optional(),
  error: z.string().optional(),
  images: z
    .array(
      z.object({
        source: z
          .string()
          .describe('What the Markdown image reference points at (package part, URL, or #image-N); PDF: page-P-image-N'),
        alt: z.string().optional(),
        mediaType: z.string().optional(),
        bytes: z.number().optional(),
        width: z.number().optional().describe('PDF: the width drawn on the page, in points'),
        height: z.number().optional().describe('PDF: the height drawn on the page, in points'),
      }),
    )
    .optional()
    .describe('The images on the page, referenced from its Markdown as ![alt](source) (PDF: listed only)'),
  blocks: z
    .array(
      z.object({
        kind: z.enum(['heading', 'paragraph', 'list-item', 'table', 'code']),
        bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
        text: z.string(),
        level: z.number().optional(),
        rows: z.array(z.array(z.string())).optional(),
        ruled: z.boolean().optional(),
        fontSize: z.number(),
      }),
    )
    .optional(),
});

/** @internal A retrieved passage. */
export const hit = z.object({
  documentId: z.string(),
  title: z.string().optional(),
  heading: z.string(),
  page: z.number(),
  text: z.string(),
  score: z.number(),
  bm25Rank: z.number().optional(),
  vectorRank: z.number().optional(),
  uri: z.string(),
});

/** @internal A citation of an extracted value. */
export const citation = z.object({ path: z.string(), page: z.number(), quote: z.string() });

/** @internal Drops `undefined` members, which structured content must not carry. */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** @internal The URI of an indexed document's resource. */
export function documentUri(index: string, id: string): string {
  return `doc://${index}/${id}`;
}
