import { describe, expect, it } from 'vitest';
import type { FaultName } from '../../src/emulator/faults.ts';
import { failedIds, MATRIX, runAgainstEmulator } from './matrix.ts';

// The matrix is split in two files so vitest runs the halves on two workers.
const faults = (Object.keys(MATRIX) as FaultName[]).filter((_, i) => i % 2 === 0);

describe('every emulator fault is caught by the check that names its rule (part 1)', () => {
  for (const fault of faults) {
    it(fault, async () => {
      const { mode, caughtBy } = MATRIX[fault];
      const failed = failedIds(await runAgainstEmulator({ faults: [fault], mode }));
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.filter((id) => caughtBy.includes(id)), `failed: ${failed.join(', ')}`).not.toEqual([]);
    });
  }
});
