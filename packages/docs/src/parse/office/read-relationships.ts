import { entryText, resolvePart } from './read-zip.ts';
import { attributeOf, findAll, parseXml } from './xml-nodes.ts';

/** @internal A part's relationships (`_rels/<name>.rels`): id → { target part path, type }. */
export function readRelationships(
  entries: ReadonlyMap<string, Uint8Array>,
  part: string,
): Map<string, { path: string; type: string }> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = entryText(entries, relsPath);
  const relationships = new Map<string, { path: string; type: string }>();
  if (xml === undefined) return relationships;
  for (const node of findAll(parseXml(xml), 'Relationship')) {
    const id = attributeOf(node, 'Id');
    const target = attributeOf(node, 'Target');
    if (id === undefined || target === undefined || attributeOf(node, 'TargetMode') === 'External') continue;
    relationships.set(id, { path: resolvePart(part, target), type: attributeOf(node, 'Type') ?? '' });
  }
  return relationships;
}
