import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Self-references (`console-emulator/msw`, …) resolve to the TypeScript sources, not the built dist/.
  ssr: { resolve: { conditions: ['console-emulator-source'] } },
  test: {
    include: ['test/**/*.test.ts', 'contracts/**/*.test.ts', 'emulator/**/*.test.ts', 'client/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
