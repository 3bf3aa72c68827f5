import { stringify } from 'yaml';
import type { CheckOutcome } from '../../checks/model.ts';
import type { Summary } from '../summary.ts';
import type { ProductInfo } from './product.ts';
import {
  capabilityProfile, capabilityRule, checkProfile, profileResult, profileSentence, profileStatistics,
  type Profile, type ProfileResult, type ProfileStatistics,
} from './profile.ts';

/** One API of a certification run: its planned checks, their outcomes, and how its target was run. */
export interface CertifiedApi {
  name: string;
  title: string;
  /** The planned checks, with the capabilities each needs. */
  plan: ReadonlyArray<{ id: string; needs: readonly string[] }>;
  /** This API's outcomes (merged over its passes). */
  outcomes: readonly CheckOutcome[];
  /** The target was the embedded emulator, not a real server. */
  embedded: boolean;
  allowWrites: boolean;
  allowDestructive: boolean;
}

export interface ProfileReport {
  result: ProfileResult;
  summary: string;
  statistics: ProfileStatistics;
  /** Capabilities of this profile's checks that the target showed (a check needing it got past its gate). */
  supportedCapabilities: string[];
  /** Capabilities a check was skipped for, and no check needing them ran. */
  unsupportedCapabilities: string[];
  /** Capabilities of this profile no check reached (each was skipped for another capability first, or not run). */
  undeterminedCapabilities?: string[];
  failedChecks: Array<{ id: string; reason: string }>;
  /** Skips grouped by their reason. */
  skipReasons: Array<{ reason: string; checks: string[] }>;
}

export interface ApiReport {
  name: string;
  title: string;
  target: Record<string, unknown>;
  writesAllowed: boolean;
  destructiveAllowed: boolean;
  summary: string;
  core: ProfileReport;
  extended: ProfileReport;
}

/** conformance-report.yaml: the self-describing result of a certification run (README · Certification). */
export interface ConformanceReport {
  apiVersion: string;
  kind: 'ConformanceReport';
  date: string;
  product: ProductInfo;
  tool: { name: string; version: string };
  run: {
    seed: number;
    runs: number;
    durationMs: number;
    verdict: Summary['verdict'];
    /** The --checks selection when the run was narrowed: not a full certification. */
    checks?: string;
    interrupted?: boolean;
    stopped?: string;
  };
  /** Target versions: ONTAP release and NDMP mode(s), Veeam EM API version. */
  targets: Record<string, Record<string, unknown>>;
  /** How each capability the planned checks need places them (profile rule: README · Certification). */
  capabilities: Record<string, { profile: Profile; why: string }>;
  profiles: ApiReport[];
}

export const REPORT_API_VERSION = 'ndmp-session-conformance/v1';

/** Summary target fields as the report names them: the NDMP modes of the passes (`svm+node`) become a list. */
function reportTarget(target: Record<string, string> | undefined, embedded: boolean): Record<string, unknown> {
  const fields = Object.entries(target ?? {}).map(([key, value]): [string, unknown] => (key === 'mode' ? ['ndmpModes', value.split('+')] : [key, value]));
  return { ...Object.fromEntries(fields), embeddedEmulator: embedded };
}

/** One profile's part of an API's report, from the outcomes of its checks. */
export function profileReport(profile: Profile, checks: ReadonlyArray<{ id: string; needs: readonly string[] }>, outcomes: readonly CheckOutcome[]): ProfileReport {
  const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
  const mine = checks.filter((check) => checkProfile(check.needs) === profile && byId.has(check.id)).map((check) => ({ check, outcome: byId.get(check.id)! }));
  const statistics = profileStatistics(mine.map(({ outcome }) => outcome.status));
  const result = profileResult(statistics);
  const supported = new Set<string>();
  const unsupported = new Set<string>();
  const seen = new Set<string>();
  for (const { check, outcome } of mine) {
    for (const need of check.needs) seen.add(need);
    // A check skipped for a capability stopped at its gate; any other outcome (but "not run") got past every gate.
    if (outcome.status === 'skipped' && outcome.missing) unsupported.add(outcome.missing);
    else if (!outcome.stopped) for (const need of check.needs) supported.add(need);
  }
  for (const need of supported) unsupported.delete(need);
  const undetermined = [...seen].filter((need) => !supported.has(need) && !unsupported.has(need)).sort();
  const reasons = new Map<string, string[]>();
  for (const { outcome } of mine.filter(({ outcome }) => outcome.status === 'skipped')) {
    const reason = outcome.reason ?? 'skipped without a reason';
    reasons.set(reason, [...(reasons.get(reason) ?? []), outcome.id]);
  }
  return {
    result,
    summary: profileSentence(profile, result, statistics),
    statistics,
    supportedCapabilities: [...supported].sort(),
    unsupportedCapabilities: [...unsupported].sort(),
    ...(undetermined.length > 0 ? { undeterminedCapabilities: undetermined } : {}),
    failedChecks: mine.filter(({ outcome }) => outcome.status === 'failed' || outcome.status === 'error')
      .map(({ outcome }) => ({ id: outcome.id, reason: (outcome.reason ?? '').split('\n')[0]! })),
    skipReasons: [...reasons].map(([reason, ids]) => ({ reason, checks: ids })),
  };
}

export interface ReportInput {
  product: ProductInfo;
  summary: Summary;
  runs: number;
  checks?: string;
  apis: readonly CertifiedApi[];
}

/** Builds the ConformanceReport of a certification run. */
export function buildConformanceReport(input: ReportInput): ConformanceReport {
  const { summary } = input;
  const needs = [...new Set(input.apis.flatMap((api) => api.plan.flatMap((check) => check.needs)))].sort();
  const profiles = input.apis.map((api): ApiReport => {
    const core = profileReport('core', api.plan, api.outcomes);
    const extended = profileReport('extended', api.plan, api.outcomes);
    return {
      name: api.name,
      title: api.title,
      target: reportTarget(summary.targets[api.name], api.embedded),
      writesAllowed: api.allowWrites,
      destructiveAllowed: api.allowDestructive,
      summary: `${core.summary} ${extended.summary}`,
      core,
      extended,
    };
  });
  return {
    apiVersion: REPORT_API_VERSION,
    kind: 'ConformanceReport',
    date: summary.startedAt,
    product: input.product,
    tool: summary.tool,
    run: {
      seed: summary.seed,
      runs: input.runs,
      durationMs: summary.durationMs,
      verdict: summary.verdict,
      ...(input.checks ? { checks: input.checks } : {}),
      ...(summary.interrupted ? { interrupted: true, ...(summary.stopped ? { stopped: summary.stopped } : {}) } : {}),
    },
    targets: Object.fromEntries(profiles.map((api) => [api.name, api.target])),
    capabilities: Object.fromEntries(needs.map((need) => [need, { profile: capabilityProfile(need), why: capabilityRule(need)?.why ?? 'not classified: counted as extended' }])),
    profiles,
  };
}

/** The YAML text of the report, with a header saying what it is. */
export function conformanceReportYaml(report: ConformanceReport): string {
  const header = [
    `# Conformance report of ${report.product.vendor} ${report.product.product} ${report.product.version},`,
    `# written by ${report.tool.name} ${report.tool.version}. Per API: core (every conformant server must pass) and extended`,
    '# (capability-dependent) profiles, each success (all passed) / partial (skips, no failure) / failure.',
  ];
  return `${header.join('\n')}\n${stringify(report, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
