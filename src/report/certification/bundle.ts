import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckOutcome } from '../../checks/model.ts';
import { redactText } from '../../client/redact.ts';
import type { Summary } from '../summary.ts';
import { ALLURE_BUNDLE_FILE, buildAllureSingleFile } from './allure-hook.ts';
import { buildConformanceReport, conformanceReportYaml, type CertifiedApi } from './conformance-report.ts';
import { buildManifest, MANIFEST_FILE, SIGNATURE_FILE } from './manifest.ts';
import type { CertificationPlan } from './options.ts';
import { reproduceMarkdown } from './reproduce.ts';
import { keyFingerprint, signDetached } from './signing.ts';

/** The folder of the bundle under the run's --out folder. */
export const BUNDLE_DIR = 'certification';
/** The run's reports copied into the bundle as written (already redacted). */
const RUN_REPORTS = ['summary.json', 'junit.xml', 'report.html'] as const;

/** One API of the run as `conformance run` holds it: the plug-in, its passes and its plan. */
export interface BundleApiRun {
  api: { name: string; title: string };
  passes: ReadonlyArray<{ embedded?: boolean; allowWrites: boolean; allowDestructive: boolean }>;
  plan: ReadonlyArray<{ id: string; needs: readonly string[] }>;
}

export interface BundleInput {
  /** The run's --out folder, where its reports were just written. */
  out: string;
  summary: Summary;
  outcomes: readonly CheckOutcome[];
  apiRuns: readonly BundleApiRun[];
  plan: CertificationPlan;
  /** The property-based cases per field and check of the run. */
  runs: number;
  /** The --checks selection, when the run was narrowed. */
  checks?: string;
  tool: { name: string };
}

/**
 * Writes OUT/certification/ (replacing a previous bundle there): the run's summary.json, junit.xml and
 * report.html, conformance-report.yaml, REPRODUCE.md, the Allure single file (allure-report.html) when it can be built, then
 * MANIFEST.sha256 over every file and, with a signing key, MANIFEST.sha256.sig. Returns the console lines.
 */
export async function writeCertificationBundle(input: BundleInput): Promise<string[]> {
  const dir = resolve(input.out, BUNDLE_DIR);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of RUN_REPORTS) copyFileSync(resolve(input.out, file), resolve(dir, file));
  const product = `${input.plan.product.vendor} ${input.plan.product.product} ${input.plan.product.version}`;
  const variables: Record<string, string> = { product, tool: `${input.summary.tool.name} ${input.summary.tool.version}`, seed: String(input.summary.seed), verdict: input.summary.verdict };
  for (const [api, target] of Object.entries(input.summary.targets)) for (const [key, value] of Object.entries(target)) variables[`${api} ${key}`] = value;
  const allureMissing = await buildAllureSingleFile(resolve(input.out, 'allure-results'), resolve(dir, ALLURE_BUNDLE_FILE), `Certification of ${product}`, variables);

  const apis: CertifiedApi[] = input.apiRuns.filter(({ api }) => input.summary.targets[api.name]).map(({ api, passes, plan }) => ({
    name: api.name,
    title: api.title,
    plan,
    outcomes: input.outcomes.filter((outcome) => outcome.api === api.name),
    embedded: passes.every((pass) => pass.embedded === true),
    allowWrites: passes.some((pass) => pass.allowWrites),
    allowDestructive: passes.some((pass) => pass.allowDestructive),
  }));
  const report = buildConformanceReport({ product: input.plan.product, summary: input.summary, runs: input.runs, ...(input.checks ? { checks: input.checks } : {}), apis });
  writeFileSync(resolve(dir, 'conformance-report.yaml'), redactText(conformanceReportYaml(report)));
  writeFileSync(resolve(dir, 'REPRODUCE.md'), reproduceMarkdown({ plan: input.plan, summary: input.summary, tool: input.tool.name }));

  const manifest = buildManifest(dir);
  writeFileSync(resolve(dir, MANIFEST_FILE), manifest);
  const { signKey } = input.plan;
  if (signKey) writeFileSync(resolve(dir, SIGNATURE_FILE), signDetached(readFileSync(resolve(dir, MANIFEST_FILE)), signKey.key));

  const files = manifest.split('\n').filter(Boolean).length;
  return [
    ...(allureMissing ? [`! the certification bundle has no Allure report: ${allureMissing}`] : []),
    ...report.profiles.map((api) => `certification ${api.name}: core ${api.core.result}, extended ${api.extended.result} — ${api.summary}`),
    `certification bundle: ${dir} (${files} files in ${MANIFEST_FILE}${signKey ? `, signed by ${keyFingerprint(signKey.key)} in ${SIGNATURE_FILE}` : ', unsigned'}); check it with: conformance verify ${dir}${signKey ? ' --pub KEY.pub.pem' : ''}`,
  ];
}
