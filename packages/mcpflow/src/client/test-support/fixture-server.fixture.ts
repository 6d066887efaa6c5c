// Run as a child process by the client tests: serves the fixture server over stdio.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { buildFixtureServer } from './fixture-server.ts';

process.stderr.write('fixture server started\n');
serveStdio(buildFixtureServer);
