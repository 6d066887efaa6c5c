// The load test at a size that fits every `npm test` (the full 10,000-call run is `npm run test:faults`).
import { defineLoadTest } from './faults/define-load-test.ts';

defineLoadTest(1_000, 8 * 1024 * 1024);
