import { describe, expect, it } from 'vitest';
import { veeamPlugin } from '../../src/apis/veeam/plugin.ts';
import type { CheckOutcome } from '../../src/checks/model.ts';
import { runChecks } from '../../src/checks/run-checks.ts';
import { DEFAULT_LIMITS } from '../../src/client/limits.ts';
import type { VeeamFaultName } from '../../src/emulator/veeam/faults.ts';
import { startVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { DEFAULT_VEEAM_CONFIG } from '../../src/emulator/veeam/state.ts';
import { VEEAM_CHECKS } from '../../suites/veeam/index.ts';

/** Which check must fail for each Veeam fault. */
export const VEEAM_MATRIX: Partial<Record<VeeamFaultName, { caughtBy: string[]; sessionTimeoutMs?: number }>> = {
  'veeam-logon-status-200': { caughtBy: ['veeam.logon.created'] },
  'veeam-logon-no-challenge': { caughtBy: ['veeam.logon.bad-credentials'] },
  'veeam-token-not-required': { caughtBy: ['veeam.auth.token-required'] },
  'veeam-logoff-ineffective': { caughtBy: ['veeam.logoff.token-dead'] },
  'veeam-expiry-not-sliding': { caughtBy: ['veeam.logon.idle-expiry'], sessionTimeoutMs: 1500 },
  'veeam-cookie-ignored': { caughtBy: ['veeam.auth.token-by-cookie'] },
  'veeam-window-leak': { caughtBy: ['veeam.scope.backup-sessions.window', 'veeam.scope.cdp-task-sessions.window', 'veeam.scope.nas-job-sessions.window', 'veeam.scope.cdp-policy-task-sessions.window'] },
  'veeam-nas-sessions-foreign': { caughtBy: ['veeam.scope.nas-job-sessions.belong-to-job'] },
  'veeam-query-comparison-inclusive': { caughtBy: ['veeam.query.cdp-task-sessions.filter-comparison', 'veeam.query.backup-sessions.filter-comparison'] },
  'veeam-query-enum-alphabetical': { caughtBy: ['veeam.query.cdp-task-sessions.filter-comparison', 'veeam.query.backup-sessions.filter-comparison', 'veeam.query.cdp-task-sessions.sort-ascending', 'veeam.query.backup-sessions.sort-ascending'] },
  'veeam-query-sort-desc-ignored': { caughtBy: ['veeam.query.cdp-task-sessions.sort-descending', 'veeam.query.backup-sessions.sort-descending'] },
  'veeam-query-paging-overlap': { caughtBy: ['veeam.query.cdp-task-sessions.paging-walk', 'veeam.query.backup-sessions.paging-walk', 'veeam.query.cdp-task-sessions.paging-links', 'veeam.query.backup-sessions.paging-links'] },
  'veeam-json-by-default': { caughtBy: ['veeam.representations.entry-point.xml-by-default', 'veeam.representations.backup-sessions.xml-by-default', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.nas-jobs.xml-by-default', 'veeam.representations.query.xml-by-default'] },
  'veeam-wrong-namespace': { caughtBy: ['veeam.representations.entry-point.xml-by-default', 'veeam.representations.backup-sessions.xml-by-default', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.nas-jobs.xml-by-default', 'veeam.representations.query.xml-by-default', 'veeam.cdp-task-sessions.reference-form', 'veeam.cdp-task-sessions.entity-form', 'veeam.nas-jobs.sessions-list', 'veeam.errors.unknown-id', 'veeam.errors.unauthorized-document'] },
  'veeam-attribute-as-element': { caughtBy: ['veeam.cdp-task-sessions.entity-form', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.cdp.json-mirrors-xml'] },
  'veeam-element-order': { caughtBy: ['veeam.cdp-task-sessions.entity-form', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.backup-sessions.xml-by-default'] },
  'veeam-invalid-enum': { caughtBy: ['veeam.cdp-task-sessions.documented-values', 'veeam.cdp-task-sessions.entity-form', 'veeam.representations.cdp.xml-by-default'] },
  'veeam-end-time-while-running': { caughtBy: ['veeam.cdp-task-sessions.end-time-while-running', 'veeam.nas-jobs.end-time-while-running'] },
  'veeam-reason-on-success': { caughtBy: ['veeam.cdp-task-sessions.reason-only-warning-failed'] },
  'veeam-session-name-iso': { caughtBy: ['veeam.cdp-task-sessions.session-name', 'veeam.nas-jobs.session-name'] },
  'veeam-timestamps-not-utc': { caughtBy: ['veeam.cdp-task-sessions.documented-values', 'veeam.nas-jobs.session-entity', 'veeam.cdp-task-sessions.entity-form', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.backup-sessions.xml-by-default'] },
  'veeam-uid-href-mismatch': { caughtBy: ['veeam.cdp-task-sessions.uid-matches-href', 'veeam.nas-jobs.session-uid'] },
  'veeam-no-alternate-link': { caughtBy: ['veeam.cdp-task-sessions.alternate-link', 'veeam.nas-jobs.alternate-entity', 'veeam.cdp-task-sessions.reference-form', 'veeam.nas-jobs.session-links'] },
  'veeam-format-entity-ignored': { caughtBy: ['veeam.cdp-task-sessions.entity-form', 'veeam.nas-jobs.alternate-entity', 'veeam.representations.cdp.xml-by-default', 'veeam.representations.backup-sessions.xml-by-default', 'veeam.representations.nas-jobs.xml-by-default'] },
  'veeam-json-links-object': { caughtBy: ['veeam.representations.entry-point.json-mirrors-xml', 'veeam.representations.backup-sessions.json-mirrors-xml', 'veeam.representations.cdp.json-mirrors-xml', 'veeam.representations.nas-jobs.json-mirrors-xml', 'veeam.representations.query.json-mirrors-xml'] },
  'veeam-json-number-as-string': { caughtBy: ['veeam.representations.entry-point.json-mirrors-xml', 'veeam.representations.backup-sessions.json-mirrors-xml', 'veeam.representations.cdp.json-mirrors-xml', 'veeam.representations.nas-jobs.json-mirrors-xml', 'veeam.representations.query.json-mirrors-xml', 'veeam.errors.unknown-id', 'veeam.errors.method-not-allowed'] },
  'veeam-json-null-omitted': { caughtBy: ['veeam.representations.entry-point.json-mirrors-xml', 'veeam.representations.backup-sessions.json-mirrors-xml', 'veeam.representations.cdp.json-mirrors-xml', 'veeam.representations.nas-jobs.json-mirrors-xml', 'veeam.representations.query.json-mirrors-xml', 'veeam.errors.unknown-id', 'veeam.errors.unauthorized-document'] },
  'veeam-unknown-id-500': { caughtBy: ['veeam.errors.unknown-id', 'veeam.errors.unknown-cdp-task-session', 'veeam.errors.unknown-nas-job'] },
  'veeam-method-not-allowed-404': { caughtBy: ['veeam.errors.method-not-allowed'] },
  'veeam-error-not-error-document': { caughtBy: ['veeam.errors.unknown-id', 'veeam.errors.unknown-cdp-task-session', 'veeam.errors.unknown-nas-job', 'veeam.errors.malformed-id', 'veeam.errors.malformed-cdp-task-session-id', 'veeam.errors.method-not-allowed', 'veeam.errors.unauthorized-document'] },
};

export interface VeeamRunOptions {
  faults?: VeeamFaultName[];
  seed?: number;
  runs?: number;
  live?: boolean;
  /** The emulator's idle timeout, told to the suite: the expiry check runs only with it (it waits that long). */
  sessionTimeoutMs?: number;
}

/** Runs every Veeam check against a fresh emulator, as `conformance run` does against the embedded one. */
export async function runVeeamAgainstEmulator(options: VeeamRunOptions = {}): Promise<CheckOutcome[]> {
  const emulator = await startVeeamEmulator({ seed: options.seed ?? 1, faults: new Set(options.faults ?? []), live: options.live ?? false, ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}) });
  const target = { url: emulator.url, user: DEFAULT_VEEAM_CONFIG.user, embedded: true, ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}) };
  try {
    const run = await veeamPlugin.prepare({
      api: 'veeam', target, survey: await veeamPlugin.survey(target, DEFAULT_LIMITS, new AbortController().signal),
      seed: options.seed ?? 1, runs: options.runs ?? 3, allowWrites: true, allowDestructive: true, limits: DEFAULT_LIMITS, checkTimeoutMs: 0,
    });
    try {
      return await runChecks(VEEAM_CHECKS, run);
    } finally {
      await run.close();
    }
  } finally {
    await emulator.close();
  }
}

export const failedIds = (outcomes: CheckOutcome[]) => outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
export const brokenIds = (outcomes: CheckOutcome[]) => outcomes.filter((o) => o.status === 'failed' || o.status === 'error').map((o) => `${o.id}: ${o.reason}`);

/** Every `part`-th fault of the matrix, from `offset`: each must make the check that names its rule fail. */
export function describeVeeamFaults(part: number, parts: number): void {
  const faults = (Object.keys(VEEAM_MATRIX) as VeeamFaultName[]).filter((_, i) => i % parts === part);
  describe.concurrent(`every Veeam emulator fault is caught by the check that names its rule (part ${part + 1} of ${parts})`, () => {
    for (const fault of faults) {
      it(fault, async () => {
        const { caughtBy, sessionTimeoutMs } = VEEAM_MATRIX[fault]!;
        const failed = failedIds(await runVeeamAgainstEmulator({ faults: [fault], ...(sessionTimeoutMs ? { sessionTimeoutMs } : {}) }));
        expect(failed.filter((id) => caughtBy.includes(id)), `failed: ${failed.join(', ')}`).not.toEqual([]);
      });
    }
  });
}
