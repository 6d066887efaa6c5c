// Run as a child process by the stdio tests: serves the review server on stdin/stdout.
import { serveStdio } from '../serve-stdio.ts';
import { createReviewServer } from './review-server.fixture.ts';

serveStdio(createReviewServer());
