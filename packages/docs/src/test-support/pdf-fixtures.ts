import { degrees, PDFDocument, type PDFFont, type PDFPage, PDFString, StandardFonts } from 'pdf-lib';

/** A generated PDF and what a perfect parser would read from it. */
export interface PdfFixture {
  bytes: Uint8Array;
  /** Headings in reading order. */
  headings: string[];
  /** Paragraph texts in reading order (whole words: line-end hyphens are not part of them). */
  paragraphs: string[];
  /** Tables, each row by row. */
  tables: string[][][];
  /** Lines that repeat on every page and must not appear in the output. */
  furniture: string[];
}

const WORDS = (
  'layout reading order column gutter paragraph sentence parser document baseline heading table cell ruling ' +
  'extraction structure page marker footer header hyphenation character alignment geometry measurement evaluation ' +
  'retrieval index chunk metadata typography justification interpretation representation'
).split(' ');

/** Deterministic pseudo-random numbers (a linear congruential generator), so fixtures are the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** A paragraph of `count` words, starting with a marker that says which paragraph it is. */
function paragraphText(index: number, count: number, next: () => number): string {
  const words = [`Paragraph${index}`];
  while (words.length < count) words.push(WORDS[Math.floor(next() * WORDS.length)] as string);
  return `${words.join(' ')}.`;
}

/** Greedy line breaking at `width`; long words that do not fit are broken with a hyphen, as typesetters do. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    let split = false;
    if (word.length >= 8) {
      for (let cut = word.length - 3; cut >= 3; cut--) {
        const head = `${line === '' ? '' : `${line} `}${word.slice(0, cut)}-`;
        if (font.widthOfTextAtSize(head, size) <= width) {
          lines.push(head);
          line = word.slice(cut);
          split = true;
          break;
        }
      }
    }
    if (!split) {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface Draw {
  text: string;
  x: number;
  y: number;
  size: number;
  bold?: boolean;
}

/** Draws `draws` in the order given — fixtures scramble it, so stream order is not reading order. */
function drawAll(page: PDFPage, draws: readonly Draw[], regular: PDFFont, bold: PDFFont): void {
  for (const draw of draws) page.drawText(draw.text, { x: draw.x, y: draw.y, size: draw.size, font: draw.bold ? bold : regular });
}

/** One line justified to `width`: a draw per word, the slack spread over the gaps (the last line stays ragged). */
function justify(line: string, x: number, y: number, width: number, font: PDFFont, size: number, last: boolean): Draw[] {
  const words = line.split(' ');
  if (last || words.length < 2) return [{ text: line, x, y, size }];
  const natural = words.reduce((sum, word) => sum + font.widthOfTextAtSize(word, size), 0);
  const gap = (width - natural) / (words.length - 1);
  const draws: Draw[] = [];
  let at = x;
  for (const word of words) {
    draws.push({ text: word, x: at, y, size });
    at += font.widthOfTextAtSize(word, size) + gap;
  }
  return draws;
}

type Item = { heading: string } | { paragraph: string };

/** A running head that differs on every page, without numbers: only the page number beside it gives it away. */
const runningHead = (index: number) => `Notes on ${WORDS[(index * 7) % WORDS.length]} and ${WORDS[(index * 11) % WORDS.length]}`;

/**
 * A two-column paper (three pages by default) set like a journal's: a centred title across both columns on page 1, section
 * headings, justified paragraphs (one draw per word) broken with hyphens and flowing from column to column and page to
 * page, a running header, a page footer, and from page 2 a running head that changes every page beside the page number. Each page draws its right column first and every column bottom to top, so
 * only geometry gives the reading order.
 */
export async function twoColumnPaper(pages = 3): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  const title = 'Reading Order in Generated Papers';
  document.setTitle(title);
  document.setAuthor('Test Author');
  const regular = await document.embedFont(StandardFonts.TimesRoman);
  const bold = await document.embedFont(StandardFonts.TimesRomanBold);
  const next = random(7);
  const [width, height, margin, gutter, size, leading] = [612, 792, 54, 24, 10, 12];
  const columnWidth = (width - 2 * margin - gutter) / 2;
  const items: Item[] = [];
  for (let section = 1, index = 0; section <= Math.ceil((pages * 7) / 3) + 1; section++) {
    items.push({ heading: `${section} Section on ${WORDS[(section * 5) % WORDS.length]}` });
    for (let count = 0; count < 3; count++) items.push({ paragraph: paragraphText(index++, 45 + Math.floor(next() * 40), next) });
  }
  const header = 'Journal of Layout Tests, Volume 3';
  const pageDraws: Draw[][] = Array.from({ length: pages }, () => []);
  let [page, column, y] = [0, 0, height - 130];
  const bottom = 70;
  const advance = (needed: number) => {
    if (y - needed >= bottom) return;
    column += 1;
    if (column === 2) [page, column] = [page + 1, 0];
    y = page === 0 ? height - 130 : height - 80;
  };
  const headings = [title];
  const paragraphs: string[] = [];
  for (const item of items) {
    if ('heading' in item) {
      advance(40);
      if (page >= pages) break;
      y -= 6;
      pageDraws[page]?.push({ text: item.heading, x: margin + column * (columnWidth + gutter), y, size: 12, bold: true });
      headings.push(item.heading);
      y -= 18;
      continue;
    }
    const lines = wrap(item.paragraph, regular, size, columnWidth);
    if (page >= pages) break;
    for (const [index, line] of lines.entries()) {
      advance(leading);
      const x = margin + column * (columnWidth + gutter);
      pageDraws[page]?.push(...justify(line, x, y, columnWidth, regular, size, index === lines.length - 1));
      y -= leading;
    }
    // A paragraph cut off by the end of the last page is not part of the truth.
    if (page < pages) paragraphs.push(item.paragraph);
    y -= 6;
  }
  for (const [index, draws] of pageDraws.entries()) {
    const pdfPage = document.addPage([width, height]);
    if (index === 0)
      draws.unshift({ text: title, x: (width - bold.widthOfTextAtSize(title, 18)) / 2, y: height - 90, size: 18, bold: true });
    const left = draws.filter((draw) => draw.x < width / 2).reverse();
    const right = draws.filter((draw) => draw.x >= width / 2).reverse();
    const scrambled = [...right, ...left];
    scrambled.push({ text: header, x: margin, y: height - 40, size: 9 });
    // From page 2 on, a running head that changes every page, with the page number on the same row.
    if (index > 0) {
      scrambled.push({ text: runningHead(index), x: margin, y: height - 56, size: 9 });
      scrambled.push({ text: String(index + 1), x: width - margin - 10, y: height - 56, size: 9 });
    }
    scrambled.push({ text: `Page ${index + 1} of ${pages}`, x: width / 2 - 20, y: 30, size: 9 });
    drawAll(pdfPage, scrambled, regular, bold);
  }
  const furniture = [
    header,
    ...Array.from({ length: pages }, (_, index) => `Page ${index + 1} of ${pages}`),
    ...Array.from({ length: pages - 1 }, (_, index) => runningHead(index + 1)),
  ];
  return { bytes: await document.save(), headings, paragraphs, tables: [], furniture };
}

const TABLE = [
  ['Region', 'Quarter', 'Revenue', 'Growth'],
  ['North', 'Q1', '1,204', '3.5%'],
  ['South', 'Q2', '987', '-1.2%'],
  ['East and Central', 'Q3', '2,310', '12.0%'],
  ['West', 'Q4', '1,776', '4.8%'],
];

/**
 * A page with a paragraph, a 4×5 table, and another paragraph. `ruled`: the grid is drawn as lines; otherwise the
 * columns are only aligned. Cells are drawn column by column, bottom to top (not in reading order); one cell's text
 * wraps onto a second line, as a narrow column makes it.
 */
export async function tablePage(ruled: boolean): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const page = document.addPage([612, 792]);
  const before = 'The table below lists revenue by region and quarter, as reported by the finance team this year.';
  const after = 'Growth is measured against the same quarter of the previous year, in constant currency.';
  page.drawText(before, { x: 72, y: 700, size: 11, font: regular });
  const [left, top, columnWidth, rowHeight] = [72, 670, 110, 26];
  for (let column = 0; column < 4; column++) {
    for (let row = TABLE.length - 1; row >= 0; row--) {
      const text = TABLE[row]?.[column] as string;
      const lines = text === 'East and Central' ? ['East and', 'Central'] : [text];
      for (const [index, line] of lines.entries()) {
        page.drawText(line, {
          x: left + column * columnWidth + 6,
          y: top - row * rowHeight - 14 - index * 11,
          size: 10,
          font: row === 0 ? bold : regular,
        });
      }
    }
  }
  if (ruled) {
    for (let row = 0; row <= TABLE.length; row++) {
      const y = top - row * rowHeight;
      page.drawLine({ start: { x: left, y }, end: { x: left + 4 * columnWidth, y }, thickness: 0.8 });
    }
    for (let column = 0; column <= 4; column++) {
      const x = left + column * columnWidth;
      page.drawLine({ start: { x, y: top }, end: { x, y: top - TABLE.length * rowHeight }, thickness: 0.8 });
    }
  }
  page.drawText(after, { x: 72, y: top - TABLE.length * rowHeight - 30, size: 11, font: regular });
  return { bytes: await document.save(), headings: [], paragraphs: [before, after], tables: [TABLE], furniture: [] };
}

/** What {@link manualPage} should come out as, block by block. */
export const MANUAL_PAGE_MARKDOWN = [
  '# Installing the Tool',
  'The tool runs on any machine with a recent runtime and a little free disk space.',
  '## Requirements',
  '- A runtime of version 22 or newer',
  '- Two hundred megabytes of disk space',
  '- A network connection for the first start',
  '### Configuration',
  '```\nserver {\n  port = 8080\n  roots = ["/srv/docs"]\n}\n```',
  'Restart the tool after every change to its configuration file.',
  'arXiv:2612.00001v1 [cs.DL] 2 Dec 2026',
].join('\n\n');

/**
 * A one-column manual page: three heading levels, a bulleted list, an indented code listing in Courier, and a
 * preprint stamp running up the left margin (rotated text goes last).
 */
export async function manualPage(): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const mono = await document.embedFont(StandardFonts.Courier);
  const page = document.addPage([612, 792]);
  let y = 720;
  const line = (text: string, size: number, font: PDFFont, x = 72, after = size * 1.3) => {
    page.drawText(text, { x, y, size, font });
    y -= after;
  };
  line('Installing the Tool', 20, bold, 72, 34);
  line('The tool runs on any machine with a recent runtime and a little free disk space.', 11, regular, 72, 30);
  line('Requirements', 15, bold, 72, 24);
  for (const item of [
    'A runtime of version 22 or newer',
    'Two hundred megabytes of disk space',
    'A network connection for the first start',
  ]) {
    page.drawText('•', { x: 80, y, size: 11, font: regular });
    line(item, 11, regular, 94, 16);
  }
  y -= 12;
  line('Configuration', 12.5, bold, 72, 22);
  for (const [indent, code] of [
    [0, 'server {'],
    [2, 'port = 8080'],
    [2, 'roots = ["/srv/docs"]'],
    [0, '}'],
  ] as const) {
    line(code, 10, mono, 72 + indent * 6, 12);
  }
  y -= 14;
  line('Restart the tool after every change to its configuration file.', 11, regular);
  page.drawText('arXiv:2612.00001v1 [cs.DL] 2 Dec 2026', { x: 40, y: 300, size: 14, font: regular, rotate: degrees(90) });
  return { bytes: await document.save(), headings: [], paragraphs: [], tables: [], furniture: [] };
}

const RESULTS = [
  ['Metric', 'Before', 'After'],
  ['Pages per second', '38', '152'],
  ['Tables found', '0', '12'],
  ['Headers removed', '3', '240'],
  ['Median latency ms', '910', '87'],
];

/**
 * A two-column page with a booktabs-style table (three horizontal rules, no vertical ones, numbers right-aligned)
 * inside the left column, prose beside it in the right column. Drawn right column first, bottom to top.
 */
export async function columnTablePage(): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  const regular = await document.embedFont(StandardFonts.TimesRoman);
  const bold = await document.embedFont(StandardFonts.TimesRomanBold);
  const page = document.addPage([612, 792]);
  const next = random(11);
  const [margin, gutter, size, leading] = [54, 24, 10, 12];
  const columnWidth = (612 - 2 * margin - gutter) / 2;
  const draws: Draw[] = [];
  const paragraphs: string[] = [];
  const column = (x: number, top: number, texts: string[]) => {
    let y = top;
    for (const text of texts) {
      const lines = wrap(text, regular, size, columnWidth);
      for (const [index, line] of lines.entries()) {
        draws.push(...justify(line, x, y, columnWidth, regular, size, index === lines.length - 1));
        y -= leading;
      }
      y -= 8;
    }
    return y;
  };
  const [before, after] = [paragraphText(100, 60, next), paragraphText(101, 50, next)];
  let y = column(margin, 720, [before]) - 10;
  const tableTop = y;
  const widths = [110, 60, 60];
  for (const [row, cells] of RESULTS.entries()) {
    let x = margin;
    for (const [index, cell] of cells.entries()) {
      const font = row === 0 ? bold : regular;
      const cellWidth = widths[index] as number;
      // Numbers are right-aligned in their column, as in a typeset table.
      const at = index === 0 ? x : x + cellWidth - font.widthOfTextAtSize(cell, size);
      draws.push({ text: cell, x: at, y, size, bold: row === 0 });
      x += cellWidth + 6;
    }
    y -= row === 0 ? 18 : 14;
  }
  const tableBottom = y + 4;
  column(margin, tableBottom - 16, [after]);
  const right = [paragraphText(102, 70, next), paragraphText(103, 80, next), paragraphText(104, 60, next)];
  column(margin + columnWidth + gutter, 720, right);
  paragraphs.push(before, after, ...right);
  const scrambled = [...draws.filter((draw) => draw.x > 306), ...draws.filter((draw) => draw.x <= 306)].reverse();
  drawAll(page, scrambled, regular, bold);
  for (const ruleY of [tableTop + 13, tableTop - 5, tableBottom + 6]) {
    page.drawLine({
      start: { x: margin, y: ruleY },
      end: { x: margin + 242, y: ruleY },
      thickness: ruleY === tableTop - 5 ? 0.5 : 1,
    });
  }
  return { bytes: await document.save(), headings: [], paragraphs, tables: [RESULTS], furniture: [] };
}

/**
 * A line whose middle words carry a web-link annotation, drawn as three pieces that pdf.js merges into one text run;
 * an unsafe `javascript:` link that must stay plain text; and a URL broken over two lines, one annotation per line.
 */
export async function linkPage(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([400, 300]);
  page.drawText('See the', { x: 20, y: 200, size: 12, font });
  page.drawText('project site', { x: 66, y: 200, size: 12, font });
  page.drawText('for details.', { x: 135, y: 200, size: 12, font });
  page.drawText('Do not click here.', { x: 20, y: 150, size: 12, font });
  page.drawText('Read the guide at https://example.org/docs/', { x: 20, y: 100, size: 12, font });
  page.drawText('guide.html before you start.', { x: 20, y: 86, size: 12, font });
  const guide = 'https://example.org/docs/guide.html';
  const urlStart = 20 + font.widthOfTextAtSize('Read the guide at ', 12);
  for (const [rect, uri] of [
    [[64, 196, 132, 212], 'https://example.org/project'],
    [[20, 146, 120, 162], 'javascript:alert(1)'],
    [[urlStart - 1, 96, 20 + font.widthOfTextAtSize('Read the guide at https://example.org/docs/', 12) + 1, 112], guide],
    [[19, 82, 20 + font.widthOfTextAtSize('guide.html', 12) + 1, 98], guide],
  ] as const) {
    const annotation = document.context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [...rect],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(uri) },
    });
    page.node.addAnnot(document.context.register(annotation));
  }
  return document.save();
}
