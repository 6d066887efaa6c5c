// `npm run test:faults`: 10,000 calls per era through the hub to a served workflow at concurrency 64.
import { defineLoadTest } from './define-load-test.ts';

defineLoadTest(10_000, 8 * 1024 * 1024);
