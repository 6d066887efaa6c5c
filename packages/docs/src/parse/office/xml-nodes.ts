import { XMLParser } from 'fast-xml-parser';

/** @internal An element of fast-xml-parser's order-preserving output: `{ tag: children, ':@': attributes }`. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** @internal Parses XML keeping document order (runs in a paragraph, shapes on a slide). */
export function parseXml(xml: string | Uint8Array): XmlNode[] {
  const text = typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
  return parser.parse(text) as XmlNode[];
}

/** @internal The element's tag (`undefined` for text nodes). */
export function tagOf(node: XmlNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text') return key;
  return undefined;
}

/** @internal The element's children, in order. */
export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  return tag === undefined ? [] : ((node[tag] as XmlNode[] | undefined) ?? []);
}

/** @internal One attribute of an element. */
export function attributeOf(node: XmlNode, name: string): string | undefined {
  return (node[':@'] as Record<string, string> | undefined)?.[name];
}

/** @internal The first child with `tag`. */
export function childOf(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((child) => tagOf(child) === tag);
}

/** @internal The element reached by following `tags` from `nodes`, one child per step. */
export function pathOf(nodes: readonly XmlNode[], ...tags: string[]): XmlNode | undefined {
  let current: XmlNode | undefined = nodes.find((node) => tagOf(node) === tags[0]);
  for (const tag of tags.slice(1)) current = current === undefined ? undefined : childOf(current, tag);
  return current;
}

/** @internal Every descendant with `tag`, depth first, not looking inside matches. */
export function findAll(nodes: readonly XmlNode[], tag: string): XmlNode[] {
  const found: XmlNode[] = [];
  const visit = (list: readonly XmlNode[]) => {
    for (const node of list) {
      if (tagOf(node) === tag) found.push(node);
      else visit(childrenOf(node));
    }
  };
  visit(nodes);
  return found;
}

/** @internal The text inside an element: its text nodes and those of `textTags` descendants, concatenated. */
export function textOf(node: XmlNode): string {
  if ('#text' in node) return String(node['#text']);
  return childrenOf(node).map(textOf).join('');
}
