import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from './start-postgres.ts';

/**
 * An in-memory PGlite (PostgreSQL compiled to WASM) with the real pgvector extension, served over the PostgreSQL
 * wire protocol on 127.0.0.1 — how the pgvector path is tested where no PostgreSQL package carries pgvector.
 */
export async function startPglite(): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create({ extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
