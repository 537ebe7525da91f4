import { defineConfig } from 'vitest/config';

// End-to-end tests: the Firefox build in real headless Firefox ESR (puppeteer-core over WebDriver BiDi)
// against the Graph API simulator. One Firefox at a time: 2 cores, and each test starts its own.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
