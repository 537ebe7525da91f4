import { defineConfig } from 'vitest/config';

// End-to-end tests: the production build in real headless Chromium against the Graph API simulator.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
