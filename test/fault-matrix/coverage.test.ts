import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../src/emulator/faults.ts';
import { ONTAP_CHECKS } from '../../suites/ontap/index.ts';
import { MATRIX } from './matrix.ts';

describe('the fault matrix itself', () => {
  it('lists at least 15 faults and covers every one of them', () => {
    expect(Object.keys(FAULTS).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it('names only checks that exist, and check ids are unique and stable-looking', () => {
    const ids = ONTAP_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^ontap\.[a-z-]+(\.[a-z0-9-]+)+$/);
    for (const { caughtBy } of Object.values(MATRIX)) for (const id of caughtBy) expect(ids).toContain(id);
  });
});
