import type { OutcomeStatus } from '../../checks/model.ts';
import { compareVersions } from '../../spec/version.ts';

/**
 * The two conformance profiles of a certification, after the Gateway API's ConformanceReport: **core** holds the
 * checks every conformant server must pass; **extended** the checks that depend on a capability a conformant
 * server (or the run) may lack.
 */
export type Profile = 'core' | 'extended';

/** The oldest ONTAP release the NDMP REST endpoints exist in (specs/ontap/ndmp.yaml · x-ontap-introduced). */
export const ONTAP_CORE_RELEASE = '9.7';
/** The oldest Veeam Enterprise Manager API version the suite knows (src/target/veeam-target.ts). */
export const VEEAM_CORE_API = 'v1_5';

/** How one capability a check needs decides its profile, and why. */
export interface CapabilityRule {
  /** The capability, or its parameterised family (`version>=X.Y`). */
  capability: string;
  matches(need: string): boolean;
  /** The profile a check lands in because of this capability. */
  profile(need: string): Profile;
  why: string;
}

const exactly = (capability: string, profile: Profile, why: string): CapabilityRule => ({ capability, matches: (need) => need === capability, profile: () => profile, why });
const veeamApi = (need: string) => need.slice('api>='.length).replace(/^v/, '').replace(/_/g, '.');

/**
 * Every capability the checks declare, classified. A check is **extended** when at least one of its needs is
 * extended, else **core**. The rule is read from the `needs` of each check only, so `conformance checks --json`
 * tells which profile a check is in; a capability missing from this table counts as extended (a test keeps the
 * table complete).
 */
export const CAPABILITY_RULES: readonly CapabilityRule[] = [
  exactly('writes', 'extended', 'changes the target, so it runs only when --allow-writes is given'),
  exactly('destructive', 'extended', 'deletes on the target, so it runs only when --allow-destructive is given'),
  exactly('readonly-credentials', 'extended', 'needs a readonly-role user (--ontap-readonly-user) for the RBAC rules'),
  exactly('ndmp-mode:svm', 'core', "SVM scope is ONTAP's default NDMP mode"),
  exactly('ndmp-mode:node', 'extended', 'node scope is the legacy NDMP mode, which a cluster need not use'),
  exactly('session-timeout', 'extended', "needs the EM server's idle timeout (--veeam-session-timeout) to wait it out"),
  {
    capability: 'version>=X.Y',
    matches: (need) => need.startsWith('version>='),
    profile: (need) => (compareVersions(need.slice('version>='.length), ONTAP_CORE_RELEASE) <= 0 ? 'core' : 'extended'),
    why: `core up to ONTAP ${ONTAP_CORE_RELEASE} (where the NDMP endpoints were introduced); a later release's feature is extended`,
  },
  {
    capability: 'api>=vX_Y',
    matches: (need) => need.startsWith('api>='),
    profile: (need) => (compareVersions(veeamApi(need), veeamApi(`api>=${VEEAM_CORE_API}`)) <= 0 ? 'core' : 'extended'),
    why: `core for Veeam EM API ${VEEAM_CORE_API}, the oldest the suite knows; a resource of a later API version (CDP: v1_6) is extended`,
  },
  {
    capability: 'data:*',
    matches: (need) => need.startsWith('data:'),
    profile: () => 'core',
    why: 'every server must keep the rule; a target without the data skips it (and its core profile is then partial)',
  },
];

/** The rule that classifies a capability, or undefined for one the table does not know. */
export function capabilityRule(need: string): CapabilityRule | undefined {
  return CAPABILITY_RULES.find((rule) => rule.matches(need));
}

/** The profile one capability puts a check in (an unknown capability: extended). */
export function capabilityProfile(need: string): Profile {
  return capabilityRule(need)?.profile(need) ?? 'extended';
}

/** The profile of a check: extended when any capability it needs is extended, else core. */
export function checkProfile(needs: readonly string[]): Profile {
  return needs.some((need) => capabilityProfile(need) === 'extended') ? 'extended' : 'core';
}

/** A profile's result, as in the Gateway API's ConformanceReport. */
export type ProfileResult = 'success' | 'partial' | 'failure';

export interface ProfileStatistics {
  passed: number;
  failed: number;
  skipped: number;
  /** Engine errors: the suite broke, not the target. */
  errors: number;
  total: number;
}

/** Counts the outcomes of a profile's checks. */
export function profileStatistics(statuses: readonly OutcomeStatus[]): ProfileStatistics {
  const count = (status: OutcomeStatus) => statuses.filter((s) => s === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), errors: count('error'), total: statuses.length };
}

/**
 * **failure** when a check failed or the engine broke on one (nothing can be certified around it); **partial**
 * when none failed but some were skipped, or the profile planned no check at all (nothing is attested);
 * **success** when every check of the profile passed.
 */
export function profileResult(stats: ProfileStatistics): ProfileResult {
  if (stats.failed + stats.errors > 0) return 'failure';
  if (stats.skipped > 0 || stats.total === 0) return 'partial';
  return 'success';
}

/** The Gateway API's one-line summary of a profile: "Core tests succeeded with 2 test skips." */
export function profileSentence(profile: Profile, result: ProfileResult, stats: ProfileStatistics): string {
  const name = profile === 'core' ? 'Core' : 'Extended';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (stats.total === 0) return `${name} tests were not run (no check of this profile was planned).`;
  if (result === 'failure') {
    const errors = stats.errors > 0 ? ` and ${plural(stats.errors, 'engine error')}` : '';
    return `${name} tests failed with ${plural(stats.failed, 'test failure')}${errors}.`;
  }
  if (result === 'partial') return `${name} tests partially succeeded with ${plural(stats.skipped, 'test skip')}.`;
  return `${name} tests succeeded.`;
}
