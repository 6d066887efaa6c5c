import { Document, ImageRun, Packer, PageBreak, Paragraph } from 'docx';
import pptxgenjs from 'pptxgenjs';

// pptxgenjs's types describe its CommonJS build; Node loads its ES build, whose default export is the class.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;

/** A 1×1 PNG, base64. */
export const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The PNG's size in bytes. */
export const PIXEL_BYTES = Buffer.from(PIXEL_PNG, 'base64').byteLength;

/**
 * A Word document made with `docx`: a chart on page 1 described by `descr`, a page break, a photo on page 2 with a
 * title only, and one with no description at all.
 */
export async function illustratedWordDocument(): Promise<Uint8Array> {
  const image = (altText: { name: string; description?: string; title?: string }) =>
    new ImageRun({ type: 'png', data: Buffer.from(PIXEL_PNG, 'base64'), transformation: { width: 20, height: 20 }, altText });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('Revenue grew every quarter.'),
          new Paragraph({ children: [image({ name: 'Chart 1', description: 'Bar chart of revenue [2026]' })] }),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph('The new office.'),
          new Paragraph({ children: [image({ name: 'Picture 2', title: 'Office photo' })] }),
          new Paragraph({ children: [image({ name: 'Picture 3' })] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** A deck made with `pptxgenjs`: slide 1 text only, slide 2 a titled slide with a described picture. */
export async function illustratedDeck(): Promise<Uint8Array> {
  const deck = new PptxGenJS();
  deck.addSlide().addText('Opening words', { x: 1, y: 1, w: 6, h: 1 });
  const slide = deck.addSlide();
  slide.addText('Results', { x: 1, y: 0.3, w: 6, h: 1 });
  slide.addImage({ data: `image/png;base64,${PIXEL_PNG}`, x: 1, y: 2, w: 1, h: 1, altText: 'Line chart of monthly users' });
  return (await deck.write({ outputType: 'uint8array' })) as Uint8Array;
}
