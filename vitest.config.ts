import { defineConfig } from 'vitest/config';

// The project's own tests (npm test): oracles, generators, spec, emulator, CLI and the fault matrix.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Many tests drive whole runs of the CLI: generous, so that a loaded two-core CI machine does not time them out.
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // Concurrent tests that each run the CLI (hostile targets, interruptions) share two cores: a few at a time.
    maxConcurrency: 3,
    // The JSON report lets CI state how many tests ran (.ci/run prints "N passed, N failed").
    reporters: ['default', ['json', { outputFile: 'reports/tests.json' }]],
  },
});
