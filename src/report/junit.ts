import { XMLBuilder } from 'fast-xml-parser';
import type { Summary } from './summary.ts';

/** JUnit XML for CI systems: one testsuite per API, one testcase per check, named by its stable id. */
export function junitXml(summary: Summary): string {
  const apis = [...new Set(summary.checks.map((check) => check.api))];
  const suites = apis.map((api) => {
    const checks = summary.checks.filter((check) => check.api === api);
    return {
      '@_name': `conformance.${api}`,
      '@_tests': checks.length,
      '@_failures': checks.filter((c) => c.status === 'failed').length,
      '@_errors': checks.filter((c) => c.status === 'error').length,
      '@_skipped': checks.filter((c) => c.status === 'skipped').length,
      '@_timestamp': summary.startedAt,
      testcase: checks.map((check) => {
        const detail = [check.reason, check.reproduce ? `Reproduce with: ${check.reproduce}` : undefined].filter(Boolean).join('\n');
        return {
          '@_classname': check.id.split('.').slice(0, 2).join('.'),
          '@_name': check.id,
          ...(check.status === 'failed' ? { failure: { '@_message': firstLine(check.reason), '#text': detail } } : {}),
          ...(check.status === 'error' ? { error: { '@_message': firstLine(check.reason), '#text': detail } } : {}),
          ...(check.status === 'skipped' ? { skipped: { '@_message': check.reason ?? '' } } : {}),
        };
      }),
    };
  });
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ testsuites: { '@_name': summary.tool.name, testsuite: suites } })}`;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}
