/** How a step is retried when it throws. Attempts are counted from 1; delays grow exponentially between them. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt. @default 100 */
  initialDelayMs?: number;
  /** Each delay is the previous one times this. @default 2 */
  backoffFactor?: number;
  /** Upper bound of a single delay. @default 30000 */
  maxDelayMs?: number;
  /** Randomise each delay between half and all of it, so that concurrent retries spread out. @default true */
  jitter?: boolean;
  /** Whether this error is worth another attempt. @default every error */
  retryIf?: (error: unknown, attempt: number) => boolean;
}

/** The delay before attempt `attempt + 1`, after attempt `attempt` failed. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const initial = policy.initialDelayMs ?? 100;
  const factor = policy.backoffFactor ?? 2;
  const delay = Math.min(initial * factor ** (attempt - 1), policy.maxDelayMs ?? 30_000);
  return policy.jitter === false ? delay : delay / 2 + (random() * delay) / 2;
}
