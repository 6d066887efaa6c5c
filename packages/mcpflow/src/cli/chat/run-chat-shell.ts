import { createInterface } from 'node:readline';
import type { CliIo } from '../cli-io.ts';
import { createStatusLine, type StatusLine } from '../create-status-line.ts';
import { type ExitCode, exitCodes } from '../exit-codes.ts';
import { toTerminalLine } from '../to-terminal-text.ts';
import { askApproval, askForm, shortJson } from './ask-in-terminal.ts';
import type { ChatEvent, ChatSession } from './chat-session.ts';

/** Tool calls in flight: a status line on a terminal (cleared before anything else is written), nothing otherwise. */
function createActivity(status: StatusLine | undefined) {
  const running = new Map<string, string>();
  let detail = '';
  const label = () => `${[...running.values()].join(', ')}${detail === '' ? '' : ` ${detail}`}`;
  return {
    running,
    /** Clears the status line so something can be written, then shows it again if calls are still running. */
    write(write: () => void) {
      status?.clear();
      write();
      detail = '';
      if (running.size > 0) status?.show(label());
    },
    progress(text: string) {
      detail = text;
      if (running.size > 0) status?.show(label());
    },
    stop() {
      status?.clear();
    },
  };
}

/**
 * The interactive shell of `mcpflow chat`: a prompt per turn, the answer streamed to stdout, tool calls as they
 * start and end, approvals and elicitation forms as prompts, a spinner while tools run. Ctrl-C cancels the turn
 * in progress; at the prompt, Ctrl-C or Ctrl-D (or `/exit`) leaves. Without a terminal, each stdin line is a turn,
 * approvals are refused (use `--approval auto`) and forms declined.
 */
export async function runChatShell(session: ChatSession, io: CliIo): Promise<ExitCode> {
  const interactive = io.interactive && process.stdin.isTTY === true;
  const { colors } = io;
  const status = interactive ? createStatusLine() : undefined;
  io.stderr(`${colors.bold('mcpflow chat')} ${colors.dim(`· ${session.description}`)}\n`);
  if (interactive) io.stderr(colors.dim('Ctrl-C cancels a turn; /exit or Ctrl-D leaves.\n'));
  let failed = false;

  const runTurn = async (message: string) => {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    process.on('SIGINT', cancel);
    const activity = createActivity(status);
    let midLine = false;
    const line = (text: string) =>
      activity.write(() => {
        if (midLine) io.stdout('\n');
        midLine = false;
        io.stderr(`${text}\n`);
      });
    // Names, summaries and messages come from servers and the model: escaped before they reach the terminal.
    const safe = toTerminalLine;
    const handle = async (event: ChatEvent) => {
      switch (event.type) {
        case 'text-delta':
          activity.write(() => io.stdout(event.text));
          midLine = !event.text.endsWith('\n');
          break;
        case 'tool-call-start':
          activity.running.set(event.callId, event.tool);
          line(`${colors.cyan('→')} ${safe(event.tool)} ${colors.dim(JSON.stringify(event.input))}`);
          break;
        case 'tool-call-progress': {
          const amount = event.total === undefined ? `${event.progress}` : `${event.progress}/${event.total}`;
          const message = event.message === undefined ? '' : ` ${safe(event.message)}`;
          if (interactive) activity.progress(`${amount}${message}`);
          else line(`  progress ${amount}${message}`);
          break;
        }
        case 'tool-call-end':
          activity.running.delete(event.callId);
          line(`${event.isError ? colors.red('✗') : colors.green('✓')} ${safe(event.tool)} ${colors.dim(safe(event.summary))}`);
          break;
        case 'approval-request': {
          if (!interactive) {
            line(`${colors.yellow('?')} ${safe(event.tool)} needs approval; refused (no terminal to ask; pass --approval auto)`);
            session.respond(event.requestId, {
              approved: false,
              reason: 'the user did not approve this call (there was no terminal to ask)',
            });
            break;
          }
          activity.stop();
          const { answer, cancelled } = await askApproval(`Run ${event.tool} ${shortJson(event.input)}?`);
          session.respond(event.requestId, answer);
          if (cancelled) controller.abort();
          else activity.write(() => {});
          break;
        }
        case 'question': {
          if (!interactive) {
            line(`${colors.yellow('?')} ${safe(event.message)} Refused (no terminal to ask; pass --approval auto)`);
            session.respond(event.requestId, { approved: false });
            break;
          }
          activity.stop();
          const { answer, cancelled } = await askApproval(event.message);
          session.respond(event.requestId, answer);
          if (cancelled) controller.abort();
          else activity.write(() => {});
          break;
        }
        case 'notice':
          line(colors.yellow(event.text));
          break;
        case 'input-request': {
          if (!interactive) {
            line(
              `${colors.yellow('?')} ${safe(event.server ?? 'the agent')} asks: ${safe(event.message)}; declined (no terminal)`,
            );
            session.respond(event.requestId, { action: 'decline' });
            break;
          }
          activity.stop();
          const answer = await askForm(event.server ?? 'the agent', event.message, event.schema);
          session.respond(event.requestId, answer);
          break;
        }
        case 'turn-end':
          activity.stop();
          if (midLine) io.stdout('\n');
          midLine = false;
          if (event.reason === 'cancelled') io.stderr(`${colors.yellow('cancelled')}\n`);
          if (event.reason === 'failed') {
            failed = true;
            io.stderr(`${colors.red('mcpflow:')} the turn failed: ${safe(event.error ?? 'unknown error')}\n`);
          }
          break;
      }
    };
    try {
      for await (const event of session.send(message, controller.signal)) await handle(event);
    } finally {
      process.off('SIGINT', cancel);
    }
  };

  try {
    if (!interactive) {
      const lines = createInterface({ input: process.stdin, terminal: false });
      for await (const message of lines) {
        if (message.trim() === '/exit') break;
        if (message.trim() !== '') await runTurn(message);
      }
      return failed ? exitCodes.failure : exitCodes.ok;
    }
    for (;;) {
      const message = await promptOnce(colors.bold('› '));
      if (message === undefined || message.trim() === '/exit') break;
      if (message.trim() !== '') await runTurn(message);
    }
    return exitCodes.ok;
  } finally {
    await session.close();
  }
}

/** One line from the terminal with line editing; undefined on Ctrl-C or Ctrl-D. A fresh interface per prompt leaves stdin free for the approval and form prompts during the turn. */
function promptOnce(prompt: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    let answered = false;
    reader.on('SIGINT', () => reader.close());
    reader.on('close', () => {
      if (!answered) {
        process.stdout.write('\n');
        resolve(undefined);
      }
    });
    reader.question(prompt, (answer) => {
      answered = true;
      reader.close();
      resolve(answer);
    });
  });
}
