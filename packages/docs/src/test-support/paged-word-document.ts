import {
  Document,
  HeadingLevel,
  type IParagraphStylePropertiesOptions,
  Packer,
  PageBreak,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** What each page of {@link pagedWordDocument} says, in order: the ground truth of the DOCX page tests. */
export const PAGED_WORD_TEXT = [
  ['# Introduction', 'The first page opens the report.', 'Closing words of page one.'],
  ['Page two starts after a hard page break.', '| Lamps | 12'],
  ['# Chapter Two', 'This chapter starts a page because its paragraph says so.'],
  // mammoth maps only the built-in heading styles to headings: a custom style's paragraph is text.
  ['Styled Chapter', 'A paragraph style with page-break-before started this page.'],
  ['# Appendix', 'A new section starts on a new page.', 'A continuous section stays on the same page.'],
];

/**
 * A Word document made with `docx` whose five pages are set by an explicit page break, a paragraph's
 * `pageBreakBefore`, a paragraph style's `pageBreakBefore`, and a next-page section (then a continuous one, which
 * is no break). With `rendered`, `w:lastRenderedPageBreak` markers are added where Word writes them: at the start
 * of the page after each break, and one alone (a page that filled up) inside the appendix's last paragraph.
 */
export async function pagedWordDocument(options: { rendered?: boolean } = {}): Promise<Uint8Array> {
  const document = new Document({
    title: 'Paged Report',
    styles: {
      paragraphStyles: [
        {
          id: 'StyledChapter',
          name: 'Styled Chapter',
          basedOn: 'Heading2',
          next: 'Normal',
          // docx writes it into the style's w:pPr, though its style types leave it out.
          paragraph: { pageBreakBefore: true } as IParagraphStylePropertiesOptions,
          run: { bold: true },
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Introduction', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('The first page opens the report.'),
          new Paragraph({ children: [new TextRun('Closing words of page one.'), new PageBreak()] }),
          new Paragraph('Page two starts after a hard page break.'),
          new Table({
            rows: [
              ['Item', 'Count'],
              ['Lamps', '12'],
            ].map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })),
          }),
          new Paragraph({ text: 'Chapter Two', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
          new Paragraph('This chapter starts a page because its paragraph says so.'),
          new Paragraph({ text: 'Styled Chapter', style: 'StyledChapter' }),
          new Paragraph('A paragraph style with page-break-before started this page.'),
        ],
      },
      {
        properties: { type: SectionType.NEXT_PAGE },
        children: [
          new Paragraph({ text: 'Appendix', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('A new section starts on a new page.'),
        ],
      },
      {
        properties: { type: SectionType.CONTINUOUS },
        children: [new Paragraph('A continuous section stays on the same page.')],
      },
    ],
  });
  const bytes = new Uint8Array(await Packer.toBuffer(document));
  return options.rendered === true ? withRenderedBreaks(bytes) : bytes;
}

/** Adds `w:lastRenderedPageBreak` as Word does: in the first run of each page after the first, and one mid-paragraph. */
function withRenderedBreaks(bytes: Uint8Array): Uint8Array {
  const entries = unzipSync(bytes);
  let xml = strFromU8(entries['word/document.xml'] as Uint8Array);
  const starts = ['Page two starts', 'Chapter Two', 'Styled Chapter', 'Appendix'];
  for (const start of starts) xml = xml.replace(new RegExp(`(<w:t[^>]*>)(${start})`), '<w:lastRenderedPageBreak/>$1$2');
  // A page that filled up: Word splits the run where the page ended.
  xml = xml.replace(
    />A continuous section stays on the same page\.</,
    '>A continuous section stays </w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve">on the same page.<',
  );
  entries['word/document.xml'] = strToU8(xml);
  return zipSync(entries);
}
