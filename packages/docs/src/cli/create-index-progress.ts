import type { CliIo } from 'mcpflow/cli';

const width = 24;

/**
 * @internal Indexing progress on stderr: a bar redrawn in place on a terminal, one plain line per file otherwise
 * (logs and CI keep every line). `end()` finishes the bar's line.
 */
export function createIndexProgress(io: CliIo): { update(done: number, total: number, file: string): void; end(): void } {
  let drawn = false;
  return {
    update(done, total, file) {
      if (!io.interactive) {
        io.stderr(`indexed ${done}/${total} ${file}\n`);
        return;
      }
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      // \r and erase-line: the bar redraws over itself.
      io.stderr(`\r\u001b[2K${bar} ${done}/${total} ${io.colors.dim(file)}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr('\n');
      drawn = false;
    },
  };
}
