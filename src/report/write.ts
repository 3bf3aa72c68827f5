import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactText } from '../client/redact.ts';
import { htmlReport } from './html.ts';
import { junitXml } from './junit.ts';
import type { Summary } from './summary.ts';

/** Writes summary.json, junit.xml and report.html into `out`, every one redacted as a whole. */
export function writeReportFiles(out: string, summary: Summary): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(resolve(out, 'summary.json'), `${redactText(JSON.stringify(summary, null, 2))}\n`);
  writeFileSync(resolve(out, 'junit.xml'), redactText(junitXml(summary)));
  writeFileSync(resolve(out, 'report.html'), redactText(htmlReport(summary)));
}

/** The exit code a summary stands for: 2 stopped, 3 engine errors, 1 a failed check, 0 every check passed. */
export function exitCodeOf(summary: Summary): number {
  if (summary.interrupted) return 2;
  if (summary.counts.errors) return 3;
  return summary.verdict === 'pass' ? 0 : 1;
}

/** The verdict line every run ends with. */
export function verdictLine(summary: Summary, out: string): string {
  const { passed, failed, skipped, errors } = summary.counts;
  return `${passed} passed, ${failed} failed, ${skipped} skipped${errors ? `, ${errors} engine errors` : ''}: verdict ${summary.verdict} (seed ${summary.seed}; reports in ${out}: summary.json, junit.xml, report.html, allure-results/)`;
}
