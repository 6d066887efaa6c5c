import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface NodeCanvas {
  toBuffer(mime: 'image/png'): Uint8Array;
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: NodeCanvas; context: object };
  destroy(entry: { canvas: NodeCanvas; context: object }): void;
}

/**
 * @internal A page rendered to PNG at `scale` (1 = 72 dpi), through the canvas pdf.js uses in Node (`@napi-rs/canvas`,
 * an optional dependency of pdfjs-dist that ships prebuilt).
 */
export async function renderPage(document: PDFDocumentProxy, page: PDFPageProxy, scale: number): Promise<Uint8Array> {
  const viewport = page.getViewport({ scale });
  const factory = (document as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const entry = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    await page.render({ canvasContext: entry.context as CanvasRenderingContext2D, canvas: null, viewport }).promise;
    return entry.canvas.toBuffer('image/png');
  } finally {
    factory.destroy(entry);
  }
}
