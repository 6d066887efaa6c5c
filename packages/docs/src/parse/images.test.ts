import { describe, expect, it } from 'vitest';
import { illustratedDeck, illustratedWordDocument, PIXEL_BYTES, PIXEL_PNG } from '../test-support/image-fixtures.ts';
import { imageMarkdown } from './image-markdown.ts';
import { parseDocument } from './parse-document.ts';

describe('images in parsed documents', () => {
  it('DOCX: references to the media parts with their description, listed on their pages', async () => {
    const parsed = await parseDocument({ bytes: await illustratedWordDocument(), name: 'report.docx' });
    expect(parsed.pages).toHaveLength(2);
    const [first, second] = parsed.pages;
    expect(first?.markdown).toMatch(
      /^Revenue grew every quarter\.\n\n!\[Bar chart of revenue \\\[2026\\\]\]\(word\/media\/[^)]+\.png\)$/,
    );
    expect(first?.images).toEqual([
      {
        source: expect.stringMatching(/^word\/media\/.+\.png$/),
        alt: 'Bar chart of revenue [2026]',
        mediaType: 'image/png',
        bytes: PIXEL_BYTES,
      },
    ]);
    expect(second?.images?.map((image) => image.alt)).toEqual(['Office photo', undefined]);
    expect(second?.markdown).toContain(`![Office photo](${second?.images?.[0]?.source})`);
    expect(second?.markdown).toContain(`![](${second?.images?.[1]?.source})`);
    expect(parsed.markdown).not.toContain('base64');
    expect(parsed.markdown).not.toContain('mcpflow-image');
  });

  it('PPTX: a picture is a reference with its descr, in position order, listed on its slide', async () => {
    const parsed = await parseDocument({ bytes: await illustratedDeck(), name: 'deck.pptx' });
    expect(parsed.pages[0]?.images).toBeUndefined();
    const slide = parsed.pages[1];
    expect(slide?.images).toEqual([
      {
        source: expect.stringMatching(/^ppt\/media\/.+\.png$/),
        alt: 'Line chart of monthly users',
        mediaType: 'image/png',
        bytes: PIXEL_BYTES,
      },
    ]);
    expect(slide?.markdown).toBe(`## Slide 2\n\nResults\n\n![Line chart of monthly users](${slide?.images?.[0]?.source})`);
  });

  it('HTML: images keep their src and alt; an inlined data: image becomes #image-N, counted but not copied', async () => {
    const html = `<html><head><title>Birds</title></head><body><article><h1>Birds</h1>
      <p>The robin is a small bird that sings in the garden every morning, loudly and well, for a long time.</p>
      <p><img src="/media/robin.jpg" alt="A robin on a branch"></p>
      <p>Another paragraph about birds that is long enough for Readability to keep it as the article's text.</p>
      <p><img src="data:image/png;base64,${PIXEL_PNG}" alt="Wren sketch"></p></article></body></html>`;
    const parsed = await parseDocument({ bytes: new TextEncoder().encode(html), name: 'birds.html' });
    expect(parsed.pages[0]?.images).toEqual([
      { source: '/media/robin.jpg', alt: 'A robin on a branch', mediaType: 'image/jpeg' },
      { source: '#image-2', alt: 'Wren sketch', mediaType: 'image/png', bytes: PIXEL_BYTES },
    ]);
    expect(parsed.markdown).toContain('![A robin on a branch](/media/robin.jpg)');
    expect(parsed.markdown).toContain('![Wren sketch](#image-2)');
    expect(parsed.markdown).not.toContain(PIXEL_PNG);
  });

  it('escapes alt text and brackets a destination with spaces', () => {
    expect(imageMarkdown('a [b] \\ c\nd', 'media/my image (1).png')).toBe('![a \\[b\\] \\\\ c d](<media/my image (1).png>)');
  });
});
