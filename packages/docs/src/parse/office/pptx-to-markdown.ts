import { McpflowError } from 'mcpflow';
import { imageMarkdown, imageMediaType } from '../image-markdown.ts';
import type { ConvertedDocument, PageImage, ParsedPage } from '../parsed-document.ts';
import { tableToMarkdown } from '../table-to-markdown.ts';
import { readCoreProperties } from './read-core-properties.ts';
import { readRelationships } from './read-relationships.ts';
import { entryText, readZip } from './read-zip.ts';
import { attributeOf, childOf, childrenOf, findAll, parseXml, pathOf, tagOf, textOf, type XmlNode } from './xml-nodes.ts';

interface Shape {
  x: number;
  y: number;
  title: boolean;
  markdown: string;
  text: string;
  image?: PageImage;
}

/** What a slide's pictures are resolved against: the package and the slide's relationships. */
interface SlideParts {
  entries: ReadonlyMap<string, Uint8Array>;
  relationships: ReadonlyMap<string, { path: string; type: string }>;
}

const TITLES = new Set(['title', 'ctrTitle']);

/** A paragraph's text: its runs, fields and line breaks. */
function paragraphText(paragraph: XmlNode): string {
  return childrenOf(paragraph)
    .map((child) => {
      const tag = tagOf(child);
      if (tag === 'a:r' || tag === 'a:fld') return textOf(childOf(child, 'a:t') ?? {});
      return tag === 'a:br' ? ' ' : '';
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A text body as Markdown: bulleted paragraphs (explicit bullets, or a body placeholder's default) as list items. */
function bodyMarkdown(body: XmlNode, bulletsByDefault: boolean): string {
  const lines: string[] = [];
  for (const paragraph of childrenOf(body).filter((child) => tagOf(child) === 'a:p')) {
    const text = paragraphText(paragraph);
    if (text === '') continue;
    const properties = childOf(paragraph, 'a:pPr');
    const level = Number(properties === undefined ? 0 : (attributeOf(properties, 'lvl') ?? 0));
    const marks = properties === undefined ? [] : childrenOf(properties).map(tagOf);
    const bullet = marks.includes('a:buNone')
      ? false
      : marks.includes('a:buChar') || marks.includes('a:buAutoNum') || bulletsByDefault;
    lines.push(bullet ? `${'  '.repeat(level)}${marks.includes('a:buAutoNum') ? '1.' : '-'} ${text}` : text);
  }
  return lines.join('\n');
}

function offsetOf(node: XmlNode, properties: string): { x: number; y: number } {
  const offset = pathOf(childrenOf(node), properties, 'a:xfrm', 'a:off');
  return {
    x: Number(offset === undefined ? 0 : attributeOf(offset, 'x')),
    y: Number(offset === undefined ? 0 : attributeOf(offset, 'y')),
  };
}

/** A picture as an image reference to its media part, described by its `descr` (else `title`). */
function pictureOf(node: XmlNode, parts: SlideParts): Shape | undefined {
  const blip = findAll([node], 'a:blip')[0];
  const path = blip === undefined ? undefined : parts.relationships.get(attributeOf(blip, 'r:embed') ?? '')?.path;
  if (path === undefined) return undefined;
  const properties = pathOf(childrenOf(node), 'p:nvPicPr', 'p:cNvPr');
  const described = properties === undefined ? [] : [attributeOf(properties, 'descr'), attributeOf(properties, 'title')];
  const alt = described.map((text) => text?.trim()).find((text) => text !== undefined && text !== '');
  const mediaType = imageMediaType(path);
  const bytes = parts.entries.get(path)?.byteLength;
  const image: PageImage = {
    source: path,
    ...(alt === undefined ? {} : { alt }),
    ...(mediaType === undefined ? {} : { mediaType }),
    ...(bytes === undefined ? {} : { bytes }),
  };
  return { ...offsetOf(node, 'p:spPr'), title: false, markdown: imageMarkdown(alt, path), text: '', image };
}

/** The shapes of a shape tree (groups flattened), each with its position and Markdown. */
function shapesOf(tree: XmlNode, parts: SlideParts): Shape[] {
  const shapes: Shape[] = [];
  for (const node of childrenOf(tree)) {
    const tag = tagOf(node);
    if (tag === 'p:grpSp') shapes.push(...shapesOf(node, parts));
    else if (tag === 'p:pic') {
      const picture = pictureOf(node, parts);
      if (picture !== undefined) shapes.push(picture);
    } else if (tag === 'p:sp') {
      const body = childOf(node, 'p:txBody');
      if (body === undefined) continue;
      const placeholder = pathOf(childrenOf(node), 'p:nvSpPr', 'p:nvPr', 'p:ph');
      const type = placeholder === undefined ? undefined : (attributeOf(placeholder, 'type') ?? 'body');
      const title = type !== undefined && TITLES.has(type);
      const markdown = bodyMarkdown(body, type === 'body' || type === 'obj');
      if (markdown !== '') shapes.push({ ...offsetOf(node, 'p:spPr'), title, markdown, text: markdown.replace(/\n/g, ' ') });
    } else if (tag === 'p:graphicFrame') {
      const table = findAll([node], 'a:tbl')[0];
      if (table === undefined) continue;
      const rows = findAll([table], 'a:tr').map((row) =>
        findAll([row], 'a:tc').map((cell) =>
          findAll([cell], 'a:p')
            .map(paragraphText)
            .filter((text) => text !== '')
            .join(' '),
        ),
      );
      if (rows.length > 0) shapes.push({ ...offsetOf(node, 'p:xfrm'), title: false, markdown: tableToMarkdown(rows), text: '' });
    }
  }
  return shapes;
}

function notesOf(entries: ReadonlyMap<string, Uint8Array>, slidePath: string): string {
  const notes = [...readRelationships(entries, slidePath).values()].find((relationship) =>
    relationship.type.endsWith('/notesSlide'),
  );
  const xml = notes === undefined ? undefined : entryText(entries, notes.path);
  if (xml === undefined) return '';
  const bodies = findAll(parseXml(xml), 'p:sp').filter((shape) => {
    const placeholder = pathOf(childrenOf(shape), 'p:nvSpPr', 'p:nvPr', 'p:ph');
    return placeholder !== undefined && attributeOf(placeholder, 'type') === 'body';
  });
  return bodies
    .map((shape) => bodyMarkdown(childOf(shape, 'p:txBody') ?? {}, false))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * @internal A PowerPoint deck as Markdown, one page and one `##` section per slide in presentation order: the title
 * placeholder as the heading, the other shapes top to bottom (bullets as lists, tables as tables), speaker notes last.
 */
export function pptxToMarkdown(bytes: Uint8Array): ConvertedDocument {
  const entries = readZip(bytes, 'PPTX');
  const presentation = entryText(entries, 'ppt/presentation.xml');
  if (presentation === undefined)
    throw new McpflowError('INVALID_INPUT', 'cannot read the PPTX file: it has no ppt/presentation.xml');
  const relationships = readRelationships(entries, 'ppt/presentation.xml');
  const slideIds = findAll(parseXml(presentation), 'p:sldId');
  const pages: ParsedPage[] = [];
  for (const [index, slideId] of slideIds.entries()) {
    const path = relationships.get(attributeOf(slideId, 'r:id') ?? '')?.path;
    const xml = path === undefined ? undefined : entryText(entries, path);
    if (path === undefined || xml === undefined) continue;
    const tree = pathOf(parseXml(xml), 'p:sld', 'p:cSld', 'p:spTree');
    const parts = { entries, relationships: readRelationships(entries, path) };
    const shapes = (tree === undefined ? [] : shapesOf(tree, parts)).sort(
      (a, b) => Number(b.title) - Number(a.title) || a.y - b.y || a.x - b.x,
    );
    const title = shapes[0]?.title ? (shapes.shift() as Shape).text : undefined;
    const notes = notesOf(entries, path);
    const sections = [
      `## ${title ?? `Slide ${index + 1}`}`,
      ...shapes.map((shape) => shape.markdown),
      ...(notes === '' ? [] : [`Notes: ${notes}`]),
    ];
    const images = shapes.flatMap((shape) => (shape.image === undefined ? [] : [shape.image]));
    pages.push({
      number: index + 1,
      markdown: sections.join('\n\n'),
      ...(title === undefined ? {} : { title }),
      ...(images.length === 0 ? {} : { images }),
    });
  }
  const metadata = { ...readCoreProperties(entries), pageCount: pages.length };
  return { markdown: pages.map((page) => page.markdown).join('\n\n'), pages, title: metadata.title ?? pages[0]?.title, metadata };
}
