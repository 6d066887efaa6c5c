import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import pptxgenjs from 'pptxgenjs';

// pptxgenjs's types describe its CommonJS build; Node loads its ES build, whose default export is the class.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;

/** The table every Office fixture carries, header first. */
export const OFFICE_TABLE = [
  ['Component', 'Owner', 'Status'],
  ['Parser', 'Ada', 'Done'],
  ['Index', 'Grace', 'Review'],
  ['Server', 'Linus', 'Planned'],
];

/** A Word report made with `docx`: title, two heading levels, a bulleted list, a bold run and a 3×4 table. */
export async function wordReport(): Promise<Uint8Array> {
  const document = new Document({
    title: 'Quarterly Engineering Report',
    creator: 'Fixture Author',
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly Engineering Report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('This quarter the team shipped the '),
              new TextRun({ text: 'document parser', bold: true }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'Highlights', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'PDF layout analysis', bullet: { level: 0 } }),
          new Paragraph({ text: 'Office formats', bullet: { level: 0 } }),
          new Paragraph({ text: 'Status by component', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: OFFICE_TABLE.map(
              (row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) }),
            ),
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** A deck made with `pptxgenjs`: three slides with title placeholders, bullets, a table and speaker notes. */
export async function slideDeck(): Promise<Uint8Array> {
  const deck = new PptxGenJS();
  deck.title = 'Project Review';
  deck.author = 'Fixture Author';
  deck.defineSlideMaster({
    title: 'CONTENT',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.3, w: 9, h: 1 }, text: '' } },
      { placeholder: { options: { name: 'body', type: 'body', x: 0.5, y: 1.5, w: 9, h: 4 }, text: '' } },
    ],
  });
  const first = deck.addSlide({ masterName: 'CONTENT' });
  first.addText('Project Review', { placeholder: 'title' });
  first.addText('Where the document services stand', { placeholder: 'body' });
  const second = deck.addSlide({ masterName: 'CONTENT' });
  second.addText('Goals', { placeholder: 'title' });
  second.addText(
    [
      { text: 'Parse every common format', options: { bullet: true, breakLine: true } },
      { text: 'Keep tables whole', options: { bullet: true } },
    ],
    { placeholder: 'body' },
  );
  second.addNotes('Mention the benchmark results.');
  const third = deck.addSlide({ masterName: 'CONTENT' });
  third.addText('Status', { placeholder: 'title' });
  third.addTable(
    OFFICE_TABLE.map((row) => row.map((text) => ({ text }))),
    { x: 0.5, y: 1.5, w: 9 },
  );
  return (await deck.write({ outputType: 'uint8array' })) as Uint8Array;
}

/** A workbook made with `exceljs`: a sheet with strings, numbers, a formula, a date and a percentage; a second sheet. */
export async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Fixture Author';
  book.title = 'Sales Figures';
  const sales = book.addWorksheet('Sales');
  sales.addRow(['Region', 'Units', 'Price', 'Total', 'Shipped', 'Margin']);
  const rows: Array<[string, number, number, Date, number]> = [
    ['North', 12, 2.5, new Date(Date.UTC(2026, 0, 15)), 0.125],
    ['South', 7, 4, new Date(Date.UTC(2026, 1, 28)), 0.2],
  ];
  for (const [index, [region, units, price, shipped, margin]] of rows.entries()) {
    const row = sales.addRow([
      region,
      units,
      price,
      { formula: `B${index + 2}*C${index + 2}`, result: units * price },
      shipped,
      margin,
    ]);
    row.getCell(5).numFmt = 'yyyy-mm-dd';
    row.getCell(6).numFmt = '0.0%';
  }
  const team = book.addWorksheet('Team');
  for (const row of OFFICE_TABLE) team.addRow(row);
  book.addWorksheet('Empty');
  return new Uint8Array(await book.xlsx.writeBuffer());
}
