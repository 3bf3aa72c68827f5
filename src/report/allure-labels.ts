import * as allure from 'allure-js-commons';
import type { Check, CheckOutcome } from '../checks/model.ts';
import { checkProfile, type Profile } from './certification/profile.ts';

/**
 * The profile of a check, as the certification reports it (certification/profile.ts): **core** when every
 * capability it needs is one a conformant server has, **extended** when one depends on the target or the run
 * (writes, destructive, readonly credentials, node scope, a later release or API version, a known session timeout).
 */
export type CheckProfile = Profile;

/** The profile a check's needs put it in: the certification's rule, so Allure and the bundle agree. */
export function profileOf(needs: readonly string[]): CheckProfile {
  return checkProfile(needs);
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
