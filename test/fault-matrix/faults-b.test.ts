import { describe, expect, it } from 'vitest';
import type { FaultName } from '../../src/emulator/faults.ts';
import { failedIds, MATRIX, runAgainstEmulator } from './matrix.ts';

const faults = (Object.keys(MATRIX) as FaultName[]).filter((_, i) => i % 2 === 1);

describe('every emulator fault is caught by the check that names its rule (part 2)', () => {
  for (const fault of faults) {
    it(fault, async () => {
      const { mode, caughtBy } = MATRIX[fault];
      const failed = failedIds(await runAgainstEmulator({ faults: [fault], mode }));
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.filter((id) => caughtBy.includes(id)), `failed: ${failed.join(', ')}`).not.toEqual([]);
    });
  }
});
