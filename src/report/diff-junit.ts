import { XMLBuilder } from 'fast-xml-parser';
import type { CheckChange, SummaryDiff } from './diff.ts';

/**
 * The diff as JUnit XML, for CI systems that gate on it: one testsuite per API, one testcase per check of either run.
 *
 * @remarks Only newly failing checks are `<failure>`s, so a CI that counts failures counts regressions. A check that
 * still fails is `<skipped>` as a known failure (as pytest reports an expected failure), a newly skipped check is
 * `<skipped>` with its reason, and a removed check is `<skipped>` as no longer run; fixed and unchanged checks pass.
 */
export function formatDiffJunit(diff: SummaryDiff): string {
  const cases = new Map<string, CheckChange & { verdict: Verdict }>();
  const mark = (changes: CheckChange[], verdict: Verdict) => {
    for (const change of changes) if (!cases.has(change.id)) cases.set(change.id, { ...change, verdict });
  };
  mark(diff.regressions, 'newly failing');
  mark(diff.stillFailing, 'still failing');
  mark(diff.newlySkipped, 'newly skipped');
  mark(diff.fixed, 'fixed');
  mark(diff.noLongerSkipped, 'no longer skipped');
  mark(diff.added, 'added');
  mark(diff.removed, 'removed');
  mark(diff.unchanged, 'unchanged');
  const apis = [...new Set([...cases.values()].map((c) => c.api))];
  const suites = apis.map((api) => {
    const checks = [...cases.values()].filter((c) => c.api === api);
    const skipped = (c: CheckChange & { verdict: Verdict }) => c.verdict === 'still failing' || c.verdict === 'removed' || c.after === 'skipped';
    return {
      '@_name': `conformance.${api}.diff`,
      '@_tests': checks.length,
      '@_failures': checks.filter((c) => c.verdict === 'newly failing').length,
      '@_errors': 0,
      '@_skipped': checks.filter((c) => c.verdict !== 'newly failing' && skipped(c)).length,
      ...(diff.current.startedAt ? { '@_timestamp': diff.current.startedAt } : {}),
      testcase: checks.map((c) => ({
        '@_classname': c.id.split('.').slice(0, 2).join('.'),
        '@_name': c.id,
        ...testcaseBody(c, skipped(c)),
      })),
    };
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ testsuites: { '@_name': 'conformance diff', testsuite: suites } })}`;
}

type Verdict = 'newly failing' | 'still failing' | 'newly skipped' | 'fixed' | 'no longer skipped' | 'added' | 'removed' | 'unchanged';

function testcaseBody(c: CheckChange & { verdict: Verdict }, skipped: boolean): Record<string, unknown> {
  const was = c.before ?? 'not in the base';
  const reason = firstLine(c.reason);
  switch (c.verdict) {
    case 'newly failing':
      return { failure: { '@_message': `newly failing (base: ${was}, now: ${c.after}): ${reason}`, '#text': c.reason ?? '' } };
    case 'still failing':
      return { skipped: { '@_message': `still failing, a known failure of the base (${c.after}): ${reason}` } };
    case 'removed':
      return { skipped: { '@_message': `removed: in the base (${c.before}), not in the current run` } };
    case 'fixed':
      return { 'system-out': `fixed: ${c.before} in the base, passed now` };
    case 'no longer skipped':
      return { 'system-out': 'no longer skipped: skipped in the base, passed now' };
    default:
      if (skipped) return { skipped: { '@_message': `${c.verdict === 'newly skipped' ? `newly skipped (base: ${was}): ` : ''}${reason}` } };
      return c.verdict === 'added' ? { 'system-out': 'added: not in the base' } : {};
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}
