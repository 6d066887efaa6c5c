import { createRequire } from 'node:module';
import { McpflowError } from 'mcpflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptPdf, qpdfAvailable } from '../../test-support/encrypt-pdf.ts';
import { type PdfFixture, tablePage, twoColumnPaper } from '../../test-support/pdf-fixtures.ts';
import { parseDocument } from '../parse-document.ts';

if (!qpdfAvailable)
  console.warn('SKIPPED: qpdf is not installed (apt-get install qpdf), so password-protected PDFs are not tested');

const liteparse = (() => {
  try {
    createRequire(import.meta.url).resolve('@llamaindex/liteparse');
    return true;
  } catch {
    return false;
  }
})();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the parse did not fail');
    },
    (error: unknown) => error as McpflowError,
  );

describe.skipIf(!qpdfAvailable)('password-protected PDFs (encrypted with qpdf)', () => {
  let table: PdfFixture;
  let locked: Uint8Array;
  beforeAll(async () => {
    table = await tablePage(true);
    locked = await encryptPdf(table.bytes, 'user-secret', 'owner-secret');
  });

  it('opens with the user or the owner password, and reads as the plain file does', async () => {
    const plain = await parseDocument({ bytes: table.bytes, name: 'table.pdf' });
    for (const password of ['user-secret', 'owner-secret']) {
      const parsed = await parseDocument({ bytes: locked, name: 'table.pdf' }, { password });
      expect(parsed.pages.map((page) => page.markdown)).toEqual(plain.pages.map((page) => page.markdown));
    }
  });

  it('says PASSWORD_REQUIRED without one and PASSWORD_INCORRECT for a wrong one, never echoing it', async () => {
    const required = await failure(parseDocument({ bytes: locked, name: 'table.pdf' }));
    expect(McpflowError.isInstance(required, 'PASSWORD_REQUIRED')).toBe(true);
    expect(required.message).toBe('cannot read the PDF: it is encrypted and needs a password');
    const incorrect = await failure(parseDocument({ bytes: locked, name: 'table.pdf' }, { password: 'guess-1234' }));
    expect(McpflowError.isInstance(incorrect, 'PASSWORD_INCORRECT')).toBe(true);
    expect(incorrect.message).toBe('cannot read the PDF: the password given for it is incorrect');
    expect(JSON.stringify({ message: incorrect.message, data: incorrect.data, stack: incorrect.stack })).not.toContain(
      'guess-1234',
    );
  });

  it('ignores a password given for an unencrypted PDF', async () => {
    const parsed = await parseDocument({ bytes: table.bytes, name: 'table.pdf' }, { password: 'unused' });
    expect(parsed.pages).toHaveLength(1);
  });

  it('hands the password to the worker threads of a long PDF', async () => {
    const paper = await twoColumnPaper(24);
    const lockedPaper = await encryptPdf(paper.bytes, 'user-secret', 'owner-secret');
    const parsed = await parseDocument({ bytes: lockedPaper, name: 'paper.pdf' }, { password: 'user-secret', concurrency: 2 });
    const plain = await parseDocument({ bytes: paper.bytes, name: 'paper.pdf' });
    expect(parsed.pages.filter((page) => page.error !== undefined)).toEqual([]);
    expect(parsed.markdown).toBe(plain.markdown);
  });

  it.skipIf(!liteparse)('gives the password to the liteparse backend, with the same typed errors', async () => {
    const options = { pdfBackend: 'liteparse' } as const;
    const parsed = await parseDocument({ bytes: locked, name: 'table.pdf' }, { ...options, password: 'user-secret' });
    expect(parsed.markdown).toContain('revenue by region');
    const required = await failure(parseDocument({ bytes: locked, name: 'table.pdf' }, options));
    expect(required.code).toBe('PASSWORD_REQUIRED');
    const incorrect = await failure(parseDocument({ bytes: locked, name: 'table.pdf' }, { ...options, password: 'nope' }));
    expect(incorrect.code).toBe('PASSWORD_INCORRECT');
  });
});
