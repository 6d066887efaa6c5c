import { crc32, deflateSync } from 'node:zlib';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../parse-document.ts';

/** A PNG of `width` × `height` RGB pixels in a red-to-blue ramp, encoded here (signature, IHDR, IDAT, IEND). */
function rampPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([(255 * x) / width, 0, (255 * y) / height], y * (1 + width * 3) + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('PDF page images', () => {
  it('lists each page’s images with the size they are drawn at, and none on a page without', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const png = await pdf.embedPng(rampPng(16, 8));
    const first = pdf.addPage([400, 300]);
    first.drawText('A figure follows.', { x: 50, y: 250, size: 12, font });
    first.drawImage(png, { x: 50, y: 100, width: 120, height: 80 });
    // Turned a third of the way round: still 60 × 30 points along its own sides.
    first.drawImage(png, { x: 250, y: 100, width: 60, height: 30, rotate: degrees(30) });
    pdf.addPage([400, 300]).drawText('No pictures here.', { x: 50, y: 250, size: 12, font });
    // An image and no text: a scan, whose image is listed too.
    pdf.addPage([400, 300]).drawImage(png, { x: 0, y: 0, width: 400, height: 300 });
    const parsed = await parseDocument({ bytes: await pdf.save(), name: 'figures.pdf' }, { concurrency: 1 });
    const [withFigures, plain, scan] = parsed.pages;
    expect(withFigures?.images).toEqual([
      { source: 'page-1-image-1', width: 120, height: 80 },
      { source: 'page-1-image-2', width: 60, height: 30 },
    ]);
    expect(withFigures?.markdown).toBe('A figure follows.');
    expect(plain?.images).toBeUndefined();
    expect(scan).toMatchObject({ scanned: true, images: [{ source: 'page-3-image-1', width: 400, height: 300 }] });
  });

  it('lists the same images when worker threads scan the pages', { timeout: 30_000 }, async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const png = await pdf.embedPng(rampPng(4, 4));
    for (let number = 1; number <= 30; number++) {
      const page = pdf.addPage([400, 300]);
      page.drawText(`Page ${number} has ${number % 3} figures.`, { x: 50, y: 250, size: 12, font });
      for (let figure = 0; figure < number % 3; figure++) {
        page.drawImage(png, { x: 50 + figure * 100, y: 50, width: 10 + number, height: 20 });
      }
    }
    const bytes = await pdf.save();
    const images = async (concurrency: number) =>
      (await parseDocument({ bytes, name: 'figures.pdf' }, { concurrency })).pages.map((page) => page.images ?? []);
    const [one, two] = [await images(1), await images(2)];
    expect(two).toEqual(one);
    expect(one[4]).toEqual([
      { source: 'page-5-image-1', width: 15, height: 20 },
      { source: 'page-5-image-2', width: 15, height: 20 },
    ]);
    expect(one.flat()).toHaveLength(30);
  });
});
