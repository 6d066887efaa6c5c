import { afterAll, beforeAll, type TestContext } from 'vitest';
import { startPostgres, type TestPostgres } from './start-postgres.ts';

/** @internal The PostgreSQL server of one test file; see {@link usePostgres}. */
export interface PostgresForTests {
  /** The running server, once `beforeAll` has started it; `undefined` when it could not start. */
  readonly server: TestPostgres | undefined;
  /** Why it could not start. */
  readonly unavailable: string | undefined;
  /** The server, or skips the calling test with the reason (never silently). */
  require(context: TestContext): TestPostgres;
}

/**
 * @internal Starts one throwaway PostgreSQL 15 for the test file (`beforeAll`) and stops it by its PID (`afterAll`).
 * When it cannot start, `label`'s tests are skipped loudly: a warning with the reason, and each test's skip note.
 */
export function usePostgres(label: string): PostgresForTests {
  let server: TestPostgres | undefined;
  let unavailable: string | undefined;
  beforeAll(async () => {
    const started = await startPostgres();
    if ('unavailable' in started) {
      unavailable = started.unavailable;
      // biome-ignore lint/suspicious/noConsole: a skipped suite says why, loudly, never silently
      console.warn(`SKIPPED ${label}: ${unavailable}`);
    } else server = started;
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);
  return {
    get server() {
      return server;
    },
    get unavailable() {
      return unavailable;
    },
    require(context) {
      if (server === undefined) context.skip(`PostgreSQL unavailable: ${unavailable}`);
      return server as TestPostgres;
    },
  };
}
