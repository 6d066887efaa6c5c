import type { DocumentMetadata } from '../parsed-document.ts';
import { entryText } from './read-zip.ts';
import { findAll, parseXml, textOf } from './xml-nodes.ts';

const fields: Array<[string, keyof DocumentMetadata]> = [
  ['dc:title', 'title'],
  ['dc:creator', 'author'],
  ['dc:subject', 'subject'],
  ['cp:keywords', 'keywords'],
  ['dcterms:created', 'created'],
  ['dcterms:modified', 'modified'],
];

/** @internal An Office file's core properties (`docProps/core.xml`) and application (`docProps/app.xml`). */
export function readCoreProperties(entries: ReadonlyMap<string, Uint8Array>): Omit<DocumentMetadata, 'pageCount'> {
  const result: Omit<DocumentMetadata, 'pageCount'> = {};
  const core = entryText(entries, 'docProps/core.xml');
  if (core !== undefined) {
    const nodes = parseXml(core);
    for (const [tag, key] of fields) {
      const value = findAll(nodes, tag)[0];
      const text = value === undefined ? '' : textOf(value).trim();
      if (text !== '') Object.assign(result, { [key]: text });
    }
  }
  const app = entryText(entries, 'docProps/app.xml');
  const application = app === undefined ? undefined : findAll(parseXml(app), 'Application')[0];
  const creator = application === undefined ? '' : textOf(application).trim();
  if (creator !== '') result.creator = creator;
  return result;
}
