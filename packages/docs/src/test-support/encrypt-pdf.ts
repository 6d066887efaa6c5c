import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Whether Debian's `qpdf` is installed (`apt-get install qpdf`): no JavaScript library at hand writes encrypted PDFs. */
export const qpdfAvailable = spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).status === 0;

/** The PDF encrypted with AES-256 by `qpdf --encrypt`: opening it takes the user or the owner password. */
export async function encryptPdf(bytes: Uint8Array, userPassword: string, ownerPassword: string): Promise<Uint8Array> {
  const folder = await mkdtemp(join(tmpdir(), 'mcpflow-encrypt-'));
  try {
    await writeFile(join(folder, 'plain.pdf'), bytes);
    await promisify(execFile)('qpdf', [
      '--encrypt',
      userPassword,
      ownerPassword,
      '256',
      '--',
      join(folder, 'plain.pdf'),
      join(folder, 'locked.pdf'),
    ]);
    return new Uint8Array(await readFile(join(folder, 'locked.pdf')));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
