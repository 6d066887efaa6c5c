import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';

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

/**
 * A two-page, two-column paper: a centred title across both columns, section headings, justified-width paragraphs
 * broken with hyphens, a running header and a page footer. Each page draws its right column first and every column
 * bottom-to-top, so only geometry gives the reading order.
 */
export async function twoColumnPaper(): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  document.setTitle('Reading Order in Generated Papers');
  document.setAuthor('Test Author');
  const regular = await document.embedFont(StandardFonts.TimesRoman);
  const bold = await document.embedFont(StandardFonts.TimesRomanBold);
  const next = random(7);
  const [width, height, margin, gutter, size, leading] = [612, 792, 54, 24, 10, 12];
  const columnWidth = (width - 2 * margin - gutter) / 2;
  const headings: string[] = [];
  const paragraphs: string[] = [];
  const furniture = ['Journal of Layout Tests, Volume 3'];
  let index = 0;
  for (let pageNumber = 1; pageNumber <= 2; pageNumber++) {
    const page = document.addPage([width, height]);
    const draws: Draw[] = [];
    let top = height - 90;
    if (pageNumber === 1) {
      const title = 'Reading Order in Generated Papers';
      draws.push({ text: title, x: (width - bold.widthOfTextAtSize(title, 18)) / 2, y: height - 80, size: 18, bold: true });
      headings.push(title);
      top = height - 120;
    }
    for (const column of [0, 1]) {
      const x = margin + column * (columnWidth + gutter);
      let y = top;
      const columnDraws: Draw[] = [];
      for (let section = 0; section < 2; section++) {
        const heading = `${pageNumber}.${column * 2 + section + 1} Section on ${WORDS[(index * 3) % WORDS.length]}`;
        columnDraws.push({ text: heading, x, y, size: 13, bold: true });
        headings.push(heading);
        y -= 20;
        for (let count = 0; count < 2; count++) {
          const text = paragraphText(index++, 40 + Math.floor(next() * 25), next);
          paragraphs.push(text);
          for (const line of wrap(text, regular, size, columnWidth)) {
            columnDraws.push({ text: line, x, y, size });
            y -= leading;
          }
          y -= 8;
        }
        y -= 6;
      }
      draws.push(...columnDraws.reverse());
    }
    draws.reverse();
    draws.push({ text: furniture[0] as string, x: margin, y: height - 40, size: 9 });
    draws.push({ text: `Page ${pageNumber} of 2`, x: width / 2 - 20, y: 30, size: 9 });
    drawAll(page, draws, regular, bold);
  }
  return {
    bytes: await document.save(),
    headings,
    paragraphs,
    tables: [],
    furniture: [...furniture, 'Page 1 of 2', 'Page 2 of 2'],
  };
}

const TABLE = [
  ['Region', 'Quarter', 'Revenue', 'Growth'],
  ['North', 'Q1', '1,204', '3.5%'],
  ['South', 'Q2', '987', '-1.2%'],
  ['East', 'Q3', '2,310', '12.0%'],
  ['West', 'Q4', '1,776', '4.8%'],
];

/**
 * A page with a paragraph, a 4×5 table, and another paragraph. `ruled`: the grid is drawn as lines; otherwise the
 * columns are only aligned. Cells are drawn column by column, bottom to top (not in reading order).
 */
export async function tablePage(ruled: boolean): Promise<PdfFixture> {
  const document = await PDFDocument.create();
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const page = document.addPage([612, 792]);
  const before = 'The table below lists revenue by region and quarter, as reported by the finance team this year.';
  const after = 'Growth is measured against the same quarter of the previous year, in constant currency.';
  page.drawText(before, { x: 72, y: 700, size: 11, font: regular });
  const [left, top, columnWidth, rowHeight] = [72, 670, 110, 22];
  for (let column = 0; column < 4; column++) {
    for (let row = TABLE.length - 1; row >= 0; row--) {
      const text = TABLE[row]?.[column] as string;
      page.drawText(text, {
        x: left + column * columnWidth + 6,
        y: top - (row + 1) * rowHeight + 7,
        size: 10,
        font: row === 0 ? bold : regular,
      });
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
