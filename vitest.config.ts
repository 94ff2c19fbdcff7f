import { configDefaults, defineConfig } from 'vitest/config';

// Five projects, one run: `npm test` sums them into the CI summary line (scripts/test.mjs).
// `npm run check` runs only 'unit', which must stay fast: tests on a real database (PGlite, seconds
// each) are named `*.db.test.ts` and run in 'db'.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'src/**/*.db.test.ts'],
          environment: 'node',
          // Worker threads start faster than forked processes; `test:unit` also uses every core.
          pool: 'threads',
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['tests/contract/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // `expect.poll` waits for a state, like a locator: how long before it gives up (vitest's
          // default, 1 s, is shorter than a busy machine may take to render what a poll waits for).
          expect: { poll: { timeout: 15_000 } },
          // One file at a time (tests in a file run in order anyway): a Chromium per test is enough
          // for two cores. A project with maxWorkers 1 also runs after the other projects' files.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
