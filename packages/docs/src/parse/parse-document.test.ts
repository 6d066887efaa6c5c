import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseDocument', () => {
  it('keeps Markdown and takes its title from the first heading', async () => {
    const parsed = await parseDocument({ bytes: encode('Intro\r\n\r\n# Guide\n\ntext'), name: 'guide.md' });
    expect(parsed).toMatchObject({ title: 'Guide', mediaType: 'text/markdown', markdown: 'Intro\n\n# Guide\n\ntext', bytes: 22 });
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.pages).toEqual([{ number: 1, markdown: parsed.markdown }]);
  });

  it('turns an HTML page into its main content as Markdown, without navigation', async () => {
    const html = `<html><head><title>Rotating logs</title></head><body>
      <nav><a href="/">Home</a> <a href="/about">About us</a></nav>
      <article><h1>Rotating logs</h1><p>Use <strong>logrotate</strong> to rotate log files daily, so that disks never fill up with old logs.</p>
      <table><tr><th>Option</th><th>Meaning</th></tr><tr><td>daily</td><td>rotate every day</td></tr></table>
      <p>Compress old logs with the compress option; keep a week of them with rotate 7, which is the usual choice.</p></article>
      <footer>Copyright example</footer></body></html>`;
    const parsed = await parseDocument({ bytes: encode(html), name: 'logs.html' });
    expect(parsed.title).toBe('Rotating logs');
    expect(parsed.markdown).toContain('# Rotating logs');
    expect(parsed.markdown).toContain('**logrotate**');
    expect(parsed.markdown).toMatch(/\| daily +\| rotate every day +\|/);
    expect(parsed.markdown).not.toContain('About us');
    expect(parsed.markdown).not.toContain('Copyright');
  });

  it('turns CSV into a Markdown table, escaping pipes', async () => {
    const parsed = await parseDocument({ bytes: encode('name,note\nada,"a|b"\nbo,"two\nlines"\n'), name: 'people.csv' });
    expect(parsed.markdown).toBe('| name | note |\n| --- | --- |\n| ada | a\\|b |\n| bo | two lines |');
  });

  it('refuses formats it cannot parse yet, naming them', async () => {
    await expect(parseDocument({ bytes: encode('{\\rtf1}'), name: 'letter.rtf' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('.rtf is not supported yet'),
    });
  });
});
