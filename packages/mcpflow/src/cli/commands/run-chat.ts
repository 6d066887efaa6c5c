import { type ChatSessionOptions, createChatSession } from '../chat/create-chat-session.ts';
import { runChatShell } from '../chat/run-chat-shell.ts';
import type { CliIo } from '../cli-io.ts';
import type { ExitCode } from '../exit-codes.ts';
import { type HubCommandOptions, loadConfig } from '../open-hub.ts';

/** `mcpflow chat [--model M]`: an interactive host over every configured server. */
export async function runChat(options: HubCommandOptions & Omit<ChatSessionOptions, 'config'>, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(options);
  const session = await createChatSession({ ...options, config });
  return runChatShell(session, io);
}
