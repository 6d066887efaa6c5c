import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const quote = (argument: string) => `'${argument.replaceAll("'", "'\\''")}'`;

/**
 * Runs a command in a pseudo-terminal through util-linux `script` (no native module needed), so raw-mode prompts,
 * line editing and Ctrl-C behave as for a person at a terminal. Output is matched with escape codes stripped.
 */
export function startInTerminal(command: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  // Without a terminal of its own, script's pty has 0 columns, and prompts wrap after every character.
  const child = spawn('script', ['-qfec', `stty cols 160 rows 50; exec ${command.map(quote).join(' ')}`, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '160', LINES: '50', ...options.env },
  });
  let screen = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    screen += stripVTControlCharacters(chunk.toString());
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    /** Everything the terminal showed so far. */
    output: () => screen,
    /** Types into the terminal (`\r` is Enter, `\x03` Ctrl-C, `\x04` Ctrl-D). */
    type: (text: string) => child.stdin.write(text),
    /** Resolves once the output after `from` contains `text`; fails after `withinMs`. */
    waitFor(text: string | RegExp, from = 0, withinMs = 15_000): Promise<number> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const rest = screen.slice(from);
          const index = typeof text === 'string' ? rest.indexOf(text) : rest.search(text);
          if (index < 0) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(from + index + 1);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Timed out waiting for ${String(text)}; the terminal showed:\n${screen.slice(from)}`));
        }, withinMs);
        listeners.add(check);
        check();
      });
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}
