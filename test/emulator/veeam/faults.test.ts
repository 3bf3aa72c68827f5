import { beforeAll, describe, expect, it } from 'vitest';
import { parseVeeamFaults, VEEAM_FAULTS, type VeeamFaultName } from '../../../src/emulator/veeam/faults.ts';
import { differences, runScript, type Difference } from './fault-script.ts';
import { FAULT_SCOPES } from './fault-scopes.ts';

const show = (list: Difference[]) => list.slice(0, 5).map((d) => `${d.step.label} ${d.path}: ${d.clean} → ${d.faulty}`);

describe('Veeam emulator faults', () => {
  let clean: Awaited<ReturnType<typeof runScript>>;
  beforeAll(async () => {
    clean = await runScript(new Set());
  });

  it('lists at least 16 faults, each named veeam-… with a one-line description, and parses names like the ONTAP list', () => {
    const names = Object.keys(VEEAM_FAULTS);
    expect(names.length).toBeGreaterThanOrEqual(16);
    for (const [name, description] of Object.entries(VEEAM_FAULTS)) {
      expect(name).toMatch(/^veeam-[a-z0-9-]+$/);
      expect(description).not.toMatch(/\n/);
    }
    expect([...parseVeeamFaults(['veeam-window-leak', 'veeam-wrong-namespace'])]).toEqual(['veeam-window-leak', 'veeam-wrong-namespace']);
    for (const bad of ['window-leak', 'toString', '__proto__', 'constructor', '']) expect(() => parseVeeamFaults([bad])).toThrow(/unknown Veeam fault/);
  });

  it('answers the script identically on two clean runs (the comparison is sound)', async () => {
    expect(differences(clean, await runScript(new Set()))).toEqual([]);
    expect(clean.length).toBeGreaterThan(150);
  });

  for (const name of Object.keys(VEEAM_FAULTS) as VeeamFaultName[]) {
    it(`${name}: ${VEEAM_FAULTS[name]} — and nothing else`, async () => {
      const found = differences(clean, await runScript(new Set([name])));
      expect(found.length, `${name} changed nothing in the script`).toBeGreaterThan(0);
      expect(show(found.filter((d) => !FAULT_SCOPES[name](d))), `${name} changed more than its rule`).toEqual([]);
    });
  }
});
