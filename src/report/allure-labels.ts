import * as allure from 'allure-js-commons';
import type { Check, CheckOutcome } from '../checks/model.ts';

/**
 * The profile of a check. **core**: every conformant server must pass it — it needs nothing, or only data to
 * test with. **extended**: it depends on a capability the target may lack or the run may not grant (writes,
 * destructive, readonly credentials, an NDMP scope, a release or API version, a known session timeout).
 */
export type CheckProfile = 'core' | 'extended';

/** The profile a check's needs put it in (see CheckProfile). */
export function profileOf(needs: readonly string[]): CheckProfile {
  return needs.every((need) => need.startsWith('data:')) ? 'core' : 'extended';
}

/** Allure's severity of a profile: core checks are critical, extended ones normal. */
export function severityOf(profile: CheckProfile): 'critical' | 'normal' {
  return profile === 'core' ? 'critical' : 'normal';
}

/** `<api>.<resource>.<rule>`: the resource part of a check id. */
export function resourceOf(check: Pick<Check, 'id' | 'api'>): string {
  return check.id.split('.')[1] ?? check.api;
}

/** What the labels of a check's result carry, as data (the order is the order they are sent in). */
export function checkLabels(check: Pick<Check, 'id' | 'api' | 'operation' | 'requirement' | 'needs'>): Array<{ name: string; value: string }> {
  const profile = profileOf(check.needs);
  return [
    { name: 'epic', value: check.api },
    { name: 'feature', value: resourceOf(check) },
    { name: 'story', value: check.operation },
    { name: 'check', value: check.id },
    { name: 'requirement', value: check.requirement },
    { name: 'profile', value: profile },
    { name: 'severity', value: severityOf(profile) },
    ...check.needs.map((need) => ({ name: 'tag', value: need })),
  ];
}

/**
 * The facets of a pass that tell its results apart within one run (ONTAP's NDMP mode: the embedded run tests
 * both scopes). The URL and versions are left out: history must follow a check across ports and upgrades.
 */
export function passFacets(summary: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(summary ?? {}).filter(([key]) => key !== 'url' && !/version/i.test(key));
}

/**
 * Describes one check's result for Allure: labels (api as epic, resource as feature, operation as story, check
 * id, requirement, profile and severity, one tag per need), the check id as test case id so that history
 * follows the check rather than its file, the pass's facets and the seed as parameters (the seed is shown but
 * kept out of the history id: another seed is the same check).
 */
export async function describeCheck(check: Check, run: { seed: number; summary?: Record<string, string> }): Promise<void> {
  await allure.labels(...checkLabels(check));
  await allure.testCaseId(check.id);
  const needs = check.needs.length > 0 ? check.needs.map((need) => `\`${need}\``).join(', ') : 'nothing';
  await allure.description([
    check.title,
    '',
    `**Requirement:** ${check.requirement}`,
    '',
    `**Operation:** \`${check.operation}\``,
    '',
    `**Needs:** ${needs} (${profileOf(check.needs)} profile)`,
  ].join('\n'));
  for (const [name, value] of passFacets(run.summary)) await allure.parameter(name, value);
  await allure.parameter('seed', String(run.seed), { excluded: true });
}

/** The curl line that reproduces a failure, attached after the check's steps (it is already redacted). */
export async function attachReproduction(outcome: CheckOutcome): Promise<void> {
  if (outcome.reproduce) await allure.attachment('reproduce.sh', outcome.reproduce, { contentType: 'text/plain', fileExtension: 'sh' });
}
