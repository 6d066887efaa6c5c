import { entryText } from './read-zip.ts';
import { attributeOf, childOf, childrenOf, findAll, parseXml, tagOf } from './xml-nodes.ts';

/** Private-use characters mammoth and node-html-markdown pass through untouched: where pages break. */
const EXPLICIT = '\uE000';
const RENDERED = '\uE001';
const markers = /[\uE000\uE001]/;

const run = (marker: string) => `<w:r><w:t>${marker}</w:t></w:r>`;
const isOn = (value: string | undefined) => value === undefined || !/^(0|false|off)$/.test(value);

/** The paragraph styles that start a page (`w:pageBreakBefore`, also through `w:basedOn`). */
function pageBreakStyles(entries: ReadonlyMap<string, Uint8Array>): Set<string> {
  const xml = entryText(entries, 'word/styles.xml');
  if (xml === undefined || !xml.includes('pageBreakBefore')) return new Set();
  const styles = new Map<string, { breaks: boolean | undefined; basedOn: string | undefined }>();
  for (const style of findAll(parseXml(xml), 'w:style')) {
    const id = attributeOf(style, 'w:styleId');
    if (id === undefined || attributeOf(style, 'w:type') !== 'paragraph') continue;
    const properties = childOf(style, 'w:pPr');
    const flag = properties === undefined ? undefined : childOf(properties, 'w:pageBreakBefore');
    const basedOn = childOf(style, 'w:basedOn');
    styles.set(id, {
      breaks: flag === undefined ? undefined : isOn(attributeOf(flag, 'w:val')),
      basedOn: basedOn === undefined ? undefined : attributeOf(basedOn, 'w:val'),
    });
  }
  const breaking = new Set<string>();
  for (const id of styles.keys()) {
    let current: string | undefined = id;
    // A style's own setting wins over its base's; the depth cap guards against basedOn cycles.
    for (let depth = 0; current !== undefined && depth < 20; depth += 1) {
      const style = styles.get(current);
      if (style?.breaks !== undefined) {
        if (style.breaks) breaking.add(id);
        break;
      }
      current = style?.basedOn;
    }
  }
  return breaking;
}

/** Whether a paragraph's properties start a page (`w:pageBreakBefore`, directly or through its style). */
function breaksBefore(properties: string, styles: ReadonlySet<string>): boolean {
  const node = parseXml(properties)[0];
  const children = node === undefined ? [] : childrenOf(node);
  const flag = children.find((child) => tagOf(child) === 'w:pageBreakBefore');
  if (flag !== undefined) return isOn(attributeOf(flag, 'w:val'));
  const style = children.find((child) => tagOf(child) === 'w:pStyle');
  return style !== undefined && styles.has(attributeOf(style, 'w:val') ?? '');
}

/**
 * Whether a section starts on a new page. A `w:sectPr` closes its section, and its `w:type` says how that section
 * starts (ECMA-376 §17.6.22; missing means nextPage): so the break sits after the paragraph holding the previous one.
 */
function startsPage(section: string): boolean {
  const type = /<w:type\b[^>]*\bw:val="(\w+)"/.exec(section)?.[1] ?? 'nextPage';
  return type !== 'continuous' && type !== 'nextColumn';
}

/**
 * @internal `word/document.xml` with a marker run at every page break — explicit ones (`w:br w:type="page"`,
 * `w:pageBreakBefore` on the paragraph or its style, section breaks that start a new page) and Word's
 * `w:lastRenderedPageBreak` — or `undefined` when the document has none (one page).
 */
export function markPageBreaks(entries: ReadonlyMap<string, Uint8Array>): string | undefined {
  const xml = entryText(entries, 'word/document.xml');
  if (xml === undefined) return undefined;
  const styles = pageBreakStyles(entries);
  let found = false;
  let marked = xml
    .replace(/<w:br\b[^>]*\bw:type="page"[^>]*\/>/g, () => {
      found = true;
      return `<w:t>${EXPLICIT}</w:t>`;
    })
    .replace(/<w:lastRenderedPageBreak\s*\/>/g, () => {
      found = true;
      return `<w:t>${RENDERED}</w:t>`;
    });
  // Section breaks: the end of each section's last paragraph, when the next section starts a page.
  const sections = [...marked.matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)];
  const sectionEnds = new Set<number>();
  for (const [index, section] of sections.entries()) {
    const next = sections[index + 1];
    const close = marked.indexOf('</w:p>', (section.index ?? 0) + section[0].length);
    if (next !== undefined && startsPage(next[0]) && close >= 0) sectionEnds.add(close);
  }
  // Then one pass inserting marker runs: right after the properties of a paragraph that starts a page, and before
  // the end of a section's last paragraph.
  const cuts: number[] = [...sectionEnds];
  for (const match of marked.matchAll(/<w:pPr>[\s\S]*?<\/w:pPr>/g)) {
    const candidate = match[0].includes('pageBreakBefore') || (styles.size > 0 && match[0].includes('<w:pStyle'));
    if (candidate && breaksBefore(match[0], styles)) cuts.push((match.index ?? 0) + match[0].length);
  }
  cuts.sort((a, b) => a - b);
  const parts: string[] = [];
  let position = 0;
  for (const cut of cuts) {
    parts.push(marked.slice(position, cut), run(EXPLICIT));
    position = cut;
    found = true;
  }
  parts.push(marked.slice(position));
  marked = parts.join('');
  return found ? marked : undefined;
}

/** What may stand before a break that belongs before its line: a heading, list or quote prefix, emphasis openers. */
const linePrefix = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*(?:\*{1,3}|_{1,3}|~~)?$/;

/**
 * @internal Cuts Markdown with page markers into pages. A break at the start of a line (after a heading or list
 * prefix) moves the line to the next page; in plain text it cuts the line; after inline markup or in a table row
 * the line stays whole on the page it starts (a cut could leave a row or emphasis unbalanced). Word writes a
 * `w:lastRenderedPageBreak` where it rendered an explicit break too, so a rendered marker with nothing but space
 * since an explicit one is the same break.
 */
export function splitMarkedPages(markdown: string): string[] {
  const pages: string[][] = [[]];
  let last: string | undefined;
  let content = false;
  const emit = (text: string) => {
    (pages.at(-1) as string[]).push(text);
    if (text.trim() !== '') content = true;
  };
  const pageBreak = (marker: string) => {
    if (marker === RENDERED && last === EXPLICIT && !content) return;
    pages.push([]);
    last = marker;
    content = false;
  };
  for (const raw of markdown.split('\n')) {
    if (!markers.test(raw)) {
      emit(raw);
      continue;
    }
    // A marker alone in emphasis (a bold run holding just the break) leaves no empty `****` behind.
    const line = raw.replace(/(\*\*|__|\*|_|~~)([\uE000\uE001]+)\1/g, '$2');
    const table = line.trimStart().startsWith('|');
    const after: string[] = [];
    let text = '';
    for (const piece of line.split(/([\uE000\uE001])/)) {
      if (!markers.test(piece)) text += piece;
      else if (table) after.push(piece);
      else if (linePrefix.test(text)) pageBreak(piece);
      else if (/[*_`[\]~<]/.test(text.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)*/, ''))) after.push(piece);
      else {
        // Plain text so far: cut the line here, the rest starts the next page.
        emit(text.trimEnd());
        pageBreak(piece);
        text = '';
      }
    }
    const rest = text.trimStart() === text ? text : text.trimStart();
    if (!linePrefix.test(rest)) emit(rest);
    for (const marker of after) pageBreak(marker);
  }
  return pages.map((lines) =>
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}
