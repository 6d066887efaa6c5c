import { McpflowError } from 'mcpflow';
import type { CliIo } from 'mcpflow/cli';

/**
 * @internal The PDF password of `--password [PASSWORD]`: the value when given (it lands in shell history), else
 * asked for on the terminal without echo, else the first line of stdin (`… --password < file`). Without the flag,
 * `$MCPFLOW_PDF_PASSWORD` when set.
 */
export async function readPassword(flag: string | boolean | undefined, io: CliIo): Promise<string | undefined> {
  if (typeof flag === 'string') return flag;
  if (flag !== true) return process.env.MCPFLOW_PDF_PASSWORD || undefined;
  if (process.stdin.isTTY === true) return promptHidden(io);
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function promptHidden(io: CliIo): Promise<string> {
  const input = process.stdin;
  // Raw mode before the prompt: nothing typed after it appears may echo.
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  io.stderr('PDF password: ');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      io.stderr('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (character === '\u0003') {
          finish();
          reject(new McpflowError('CANCELLED', 'password prompt cancelled with Ctrl-C'));
          return;
        }
        value = character === '\u007f' || character === '\b' ? value.slice(0, -1) : value + character;
      }
    };
    input.on('data', onData);
  });
}
