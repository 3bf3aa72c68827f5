import { defineConfig } from 'vitest/config';

// The project's own tests (npm test): oracles, generators, spec, emulator, CLI and the fault matrix.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report lets CI state how many tests ran (.ci/run prints "N passed, N failed").
    reporters: ['default', ['json', { outputFile: 'reports/tests.json' }]],
  },
});
