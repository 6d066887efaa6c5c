import { McpflowError } from 'mcpflow';

/**
 * @internal The typed error for a PDF that could not be opened for want of its password, or `undefined` for any
 * other failure. pdf.js rejects with a `PasswordException` (code 1: none given, 2: wrong); other engines only say
 * so in words. The message never carries the password.
 */
export function passwordError(error: unknown, passwordGiven: boolean): McpflowError | undefined {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const aboutPassword = name === 'PasswordException' || /password/i.test(message);
  if (!aboutPassword) return undefined;
  // A wrong password is code 2 for pdf.js; engines that only say "password" mean a wrong one when one was given.
  const incorrect = name === 'PasswordException' ? code === 2 : passwordGiven;
  return incorrect
    ? new McpflowError('PASSWORD_INCORRECT', 'cannot read the PDF: the password given for it is incorrect', {
        cause: error,
      })
    : new McpflowError('PASSWORD_REQUIRED', 'cannot read the PDF: it is encrypted and needs a password', { cause: error });
}
