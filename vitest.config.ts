import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './scripts/summary-reporter.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    // Load and fault runs have their own config (`npm run test:faults`).
    exclude: ['test/faults/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', new SummaryReporter()],
  },
});
