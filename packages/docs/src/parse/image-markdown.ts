const imageTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  emf: 'image/emf',
  wmf: 'image/wmf',
};

/** @internal The media type an image's file name tells, if any. */
export function imageMediaType(path: string): string | undefined {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : imageTypes[extension];
}

/** @internal A Markdown image reference, its alt text escaped and its destination bracketed when it needs to be. */
export function imageMarkdown(alt: string | undefined, source: string): string {
  const text = (alt ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\[\]]/g, '\\$&');
  const destination = /[\s()<>]/.test(source) ? `<${source.replace(/[<>]/g, encodeURIComponent)}>` : source;
  return `![${text}](${destination})`;
}
