import { describe, expect, it } from 'vitest';
import { ontapPlugin } from '../../src/apis/ontap/plugin.ts';
import { DEFAULT_LIMITS } from '../../src/client/limits.ts';
import type { CheckOutcome } from '../../src/checks/ontap-model.ts';
import { runChecks } from '../../src/checks/run-checks.ts';
import type { FaultName } from '../../src/emulator/faults.ts';
import { startOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { DEFAULT_ONTAP_CONFIG, type NdmpMode, type OntapState } from '../../src/emulator/ontap/state.ts';
import { ONTAP_CHECKS } from '../../suites/ontap/index.ts';

/** Which check must fail for each fault, and in which NDMP mode the fault shows. */
export const MATRIX: Record<FaultName, { mode?: NdmpMode; caughtBy: string[] }> = {
  'shape-integer-as-string': { caughtBy: ['ontap.sessions.shape.fields-star'] },
  'shape-unknown-enum': { caughtBy: ['ontap.sessions.shape.fields-star'] },
  'shape-flat-connection': { caughtBy: ['ontap.sessions.shape.fields-star'] },
  'shape-error-code-number': { caughtBy: ['ontap.sessions.errors.unknown-parameter'] },
  'filter-equality-ignored': { caughtBy: ['ontap.sessions.filter.equality'] },
  'filter-wildcard-literal': { caughtBy: ['ontap.sessions.filter.wildcard'] },
  'filter-comparison-inclusive': { caughtBy: ['ontap.sessions.filter.comparison'] },
  'filter-range-exclusive': { caughtBy: ['ontap.sessions.filter.range'] },
  'filter-negation-ignored': { caughtBy: ['ontap.sessions.filter.negation'] },
  'filter-or-first-only': { caughtBy: ['ontap.sessions.filter.or'] },
  'filter-null-ignored': { caughtBy: ['ontap.sessions.filter.null'] },
  'filter-nested-ignored': { caughtBy: ['ontap.sessions.filter.nested-field'] },
  'fields-ignored': { caughtBy: ['ontap.sessions.fields.selects-only-requested'] },
  'fields-exclusion-ignored': { caughtBy: ['ontap.sessions.fields.exclusion'] },
  'fields-star-incomplete': { caughtBy: ['ontap.sessions.fields.star-equals-instance'] },
  'default-records-no-keys': { caughtBy: ['ontap.sessions.default-records.carry-keys', 'ontap.svms.default-records.carry-keys'] },
  'fields-drop-keys': { caughtBy: ['ontap.sessions.fields.carry-keys', 'ontap.svms.fields.carry-keys'] },
  'paging-overlap': { caughtBy: ['ontap.sessions.paging.walk-equals-unpaged'] },
  'paging-num-records-total': { caughtBy: ['ontap.sessions.paging.num-records'] },
  'return-records-ignored': { caughtBy: ['ontap.sessions.paging.return-records-false'] },
  'sort-desc-ignored': { caughtBy: ['ontap.sessions.order-by.descending'] },
  'error-unknown-param-accepted': { caughtBy: ['ontap.sessions.errors.unknown-parameter'] },
  'error-return-timeout-unbounded': { caughtBy: ['ontap.sessions.errors.return-timeout-range'] },
  'error-not-found-500': { caughtBy: ['ontap.sessions.errors.unknown-instance'] },
  'error-bad-uuid-500': { caughtBy: ['ontap.sessions.errors.malformed-uuid'] },
  'scope-nodes-in-svm-mode': { caughtBy: ['ontap.scope.nodes-rejected-in-svm-scope'] },
  'scope-session-id-format': { caughtBy: ['ontap.sessions.scope.owner-and-id'] },
  'auth-anonymous-allowed': { caughtBy: ['ontap.auth.no-credentials'] },
  'auth-readonly-can-write': { caughtBy: ['ontap.auth.readonly-patch-forbidden'] },
  'password-readable': { mode: 'node', caughtBy: ['ontap.nodes.password.write-only'] },
  'patch-not-persisted': { caughtBy: ['ontap.svms.patch.round-trip'] },
  'patch-sso-combination-accepted': { caughtBy: ['ontap.svms.patch.invalid-rejected'] },
  'delete-not-removing': { caughtBy: ['ontap.sessions.delete.removes'] },
};

export interface EmulatorRunOptions {
  faults?: FaultName[];
  mode?: NdmpMode;
  version?: string;
  seed?: number;
  runs?: number;
  live?: boolean;
  allowDestructive?: boolean;
}

/** Runs every ONTAP check against a fresh emulator, as `conformance run` does against the embedded one. */
export async function runAgainstEmulator(options: EmulatorRunOptions): Promise<CheckOutcome[]> {
  return (await runAndInspect(options)).outcomes;
}

/** The NDMP state a run may change: the mode and every node and SVM configuration. */
export function configState(state: OntapState): unknown {
  return { mode: state.mode, nodes: state.data.nodes.map((n) => n.ndmp), svms: state.data.svms.map((s) => s.ndmp) };
}

/** Like runAgainstEmulator, and also returns the emulator's configuration before and after the run. */
export async function runAndInspect(options: EmulatorRunOptions): Promise<{ outcomes: CheckOutcome[]; before: unknown; after: unknown }> {
  const emulator = await startOntapEmulator({ mode: options.mode ?? 'svm', version: options.version, seed: options.seed ?? 1, faults: new Set(options.faults ?? []), live: options.live });
  const { admin, readonly } = DEFAULT_ONTAP_CONFIG;
  const before = structuredClone(configState(emulator.state));
  const target = { url: emulator.url, admin, readonly, embedded: true };
  const run = await ontapPlugin.prepare({
    api: 'ontap', target, survey: await ontapPlugin.survey(target, DEFAULT_LIMITS, new AbortController().signal),
    seed: options.seed ?? 1, runs: options.runs ?? 3, allowWrites: true, allowDestructive: options.allowDestructive ?? true,
    limits: DEFAULT_LIMITS, checkTimeoutMs: 0,
  });
  try {
    const outcomes = await runChecks(ONTAP_CHECKS, run);
    return { outcomes, before, after: structuredClone(configState(emulator.state)) };
  } finally {
    await run.close();
    await emulator.close();
  }
}

export const failedIds = (outcomes: CheckOutcome[]) => outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
export const brokenIds = (outcomes: CheckOutcome[]) => outcomes.filter((o) => o.status === 'failed' || o.status === 'error').map((o) => `${o.id}: ${o.reason}`);

/** Every other fault, from `half` (0 or 1): each must make the check that names its rule fail. */
export function describeFaultHalf(half: 0 | 1): void {
  const faults = (Object.keys(MATRIX) as FaultName[]).filter((_, i) => i % 2 === half);
  describe(`every emulator fault is caught by the check that names its rule (part ${half + 1})`, () => {
    for (const fault of faults) {
      it(fault, async () => {
        const { mode, caughtBy } = MATRIX[fault];
        const failed = failedIds(await runAgainstEmulator({ faults: [fault], mode }));
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.filter((id) => caughtBy.includes(id)), `failed: ${failed.join(', ')}`).not.toEqual([]);
      });
    }
  });
}
