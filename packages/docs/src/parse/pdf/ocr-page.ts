import { createRequire } from 'node:module';
import { McpflowError } from 'mcpflow';
import type { OcrOptions } from '../parsed-document.ts';
import type { TextRun } from './layout-types.ts';

/** @internal The part of a tesseract.js worker the OCR pass uses. */
interface OcrWorker {
  recognize(
    image: Uint8Array,
    options: object,
    output: { blocks: boolean; text: boolean },
  ): Promise<{ data: { blocks: OcrBlock[] | null } }>;
  terminate(): Promise<unknown>;
}

interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface OcrBlock {
  paragraphs: Array<{ lines: Array<{ words: Array<{ text: string; bbox: OcrBox; confidence: number }> }> }>;
}

/** @internal An OCR engine for one parse: started on the first scanned page, stopped by `close`. */
export interface PageOcr {
  recognize(render: (scale: number) => Promise<Uint8Array>): Promise<TextRun[]>;
  close(): Promise<void>;
}

/** Words OCR is less sure of than this (percent) are dropped. */
const MIN_CONFIDENCE = 30;

async function startWorker(options: OcrOptions): Promise<OcrWorker> {
  const require = createRequire(import.meta.url);
  let tesseract: { createWorker: (lang: string, oem: number, options: object) => Promise<OcrWorker> };
  let langPath = options.langPath;
  try {
    tesseract = (await import('tesseract.js')) as unknown as typeof tesseract;
    langPath ??= (require('@tesseract.js-data/eng') as { langPath: string }).langPath;
  } catch (error) {
    throw new McpflowError(
      'INVALID_INPUT',
      'OCR needs the optional packages tesseract.js and @tesseract.js-data/eng: npm install them',
      {
        cause: error,
      },
    );
  }
  // LSTM only (OEM 1), data read from the local folder, never cached to or fetched from anywhere else.
  return tesseract.createWorker(options.language ?? 'eng', 1, { langPath, gzip: true, cacheMethod: 'none' });
}

/** @internal OCR of scanned pages: render the page, recognise its words, return them as runs in page space. */
export function createPageOcr(options: OcrOptions): PageOcr {
  let worker: Promise<OcrWorker> | undefined;
  const scale = (options.dpi ?? 200) / 72;
  return {
    async recognize(render) {
      worker ??= startWorker(options);
      const image = await render(scale);
      const { data } = await (await worker).recognize(image, {}, { blocks: true, text: false });
      const runs: TextRun[] = [];
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          for (const line of paragraph.lines) {
            for (const word of line.words) {
              if (word.confidence < MIN_CONFIDENCE || word.text.trim() === '') continue;
              const [x0, y0, x1, y1] = [word.bbox.x0 / scale, word.bbox.y0 / scale, word.bbox.x1 / scale, word.bbox.y1 / scale];
              const size = Math.max(...line.words.map((item) => item.bbox.y1 - item.bbox.y0)) / scale;
              runs.push({
                text: word.text,
                size,
                baseline: y1,
                font: 'ocr',
                mono: false,
                bold: false,
                rotated: false,
                x0,
                x1,
                y0,
                y1: Math.max(y1, y0 + 1),
              });
            }
          }
        }
      }
      return runs;
    },
    async close() {
      if (worker !== undefined) await (await worker).terminate();
    },
  };
}
