/**
 * The text of a PDF as pdf.js gives it, without any layout pass: items in content-stream order, a line break where
 * pdf.js marks an end of line. The baseline the layout pass is compared with.
 */
export async function rawPdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 });
  const document = await task.promise;
  const pages: string[] = [];
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
  return { text: pages.join('\n\n'), pages: document.numPages };
}
