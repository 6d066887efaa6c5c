// C0 and C1 controls (ESC starts ANSI sequences, CR and LF start forged lines), DEL, the Unicode line and paragraph
// separators, and the bidirectional overrides that reorder what a terminal shows ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, with LF and TAB allowed.
const unsafeInBlock = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };
const escaped = (character: string) => named[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from a server or a peer (a message, a name, a stderr line) made safe to print as one terminal line:
 * control characters are shown escaped (`\n`, `\e`, `\u202e`), so they can neither forge a log line nor send
 * escape sequences to the terminal.
 */
export function toTerminalLine(text: string): string {
  return text.replace(unsafe, escaped);
}

/** As {@link toTerminalLine}, but keeps line feeds and tabs: for multi-line text that the CLI indents itself. */
export function toTerminalBlock(text: string): string {
  return text.replace(unsafeInBlock, escaped);
}
