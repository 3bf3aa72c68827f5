import { redactText } from '../../client/redact.ts';
import type { Summary } from '../summary.ts';
import type { CertificationPlan, RunSetting } from './options.ts';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A setting's value with secrets removed: registered secrets, and credentials inside a URL. */
function safe(value: string): string {
  return redactText(value).replace(/\/\/[^/@\s]*@/g, '//<redacted>@');
}

const asFlags = (settings: readonly RunSetting[]) => settings.flatMap((s) => (s.value === true ? [s.flag] : typeof s.value === 'string' ? [s.flag, shellWord(safe(s.value))] : []));

const SOURCE: Record<RunSetting['source'], string> = { cli: 'command line', env: 'environment', default: 'default' };

export interface ReproduceInput {
  plan: CertificationPlan;
  summary: Summary;
  /** The redacted command line of `conformance`. */
  tool: string;
}

/**
 * REPRODUCE.md: the command as given (flags from the environment as `export` lines, passwords by name only),
 * the same run with every setting that decides the cases explicit, the resolved configuration, and per failed
 * check the command that replays it alone and its curl line.
 */
export function reproduceMarkdown({ plan, summary, tool }: ReproduceInput): string {
  const given = plan.settings.filter((s) => s.source !== 'default' && s.value !== undefined);
  const fromEnv = given.filter((s) => s.source === 'env');
  const fromCli = given.filter((s) => s.source === 'cli');
  const exports = [
    ...fromEnv.map((s) => `export ${s.env}=${s.value === true ? 'true' : shellWord(safe(String(s.value)))}`),
    ...plan.passwordVariables.map((name) => `export ${name}='…'   # was set; its value is not recorded`),
  ];
  const command = plan.argv ? [`npx ${tool}`, ...plan.argv.map((arg) => shellWord(safe(arg)))].join(' ') : [`npx ${tool} run`, ...asFlags(fromCli)].join(' ');
  // The replay pins what decides the generated cases, and drops the signing key (a reviewer replays unsigned).
  const replaySettings = plan.settings.filter((s) => s.flag !== '--sign-key' && s.value !== undefined && (s.source !== 'default' || s.flag === '--seed' || s.flag === '--runs'));
  const replay = (extra: string[] = []) => [`npx ${tool} run`, ...asFlags(replaySettings), ...extra].join(' ');
  const rows = plan.settings.filter((s) => s.value !== undefined).map((s) => `| \`${s.flag}\` | ${s.value === true ? 'yes' : `\`${safe(String(s.value)).replace(/\|/g, '\\|')}\``} | ${s.source === 'env' ? `\`${s.env}\`` : SOURCE[s.source]} |`);
  const passwordRows = plan.passwordVariables.map((name) => `| \`${name}\` | set, not recorded | environment |`);
  const targets = Object.entries(summary.targets).map(([api, target]) => `- **${api}**: ${Object.entries(target).map(([key, value]) => `${key} \`${safe(value)}\``).join(', ')}`);
  const failed = summary.checks.filter((check) => check.status === 'failed' || check.status === 'error');
  const failures = failed.length === 0
    ? ['No check failed.']
    : failed.flatMap((check) => [
      `### \`${check.id}\` (${check.status})`,
      '',
      check.title,
      '',
      '```text',
      ...(check.reason ?? '').split('\n').slice(0, 12),
      '```',
      '',
      'Replay this check alone (same seed, same cases):',
      '',
      '```sh',
      replay(['--checks', shellWord(check.id)]),
      ...(check.reproduce ? [`# the failing exchange:`, check.reproduce] : []),
      '```',
      '',
    ]);
  const product = `${plan.product.vendor} ${plan.product.product} ${plan.product.version}`;
  const text = [
    '# Reproducing this certification run',
    '',
    `Certification of ${product} with ${summary.tool.name} ${summary.tool.version}, started ${summary.startedAt}, ` +
      `seed ${summary.seed}, ${replaySettings.find((s) => s.flag === '--runs')?.value ?? '?'} property-based cases per field and check; verdict **${summary.verdict}**` +
      `${summary.interrupted ? ` (interrupted: ${summary.stopped ?? 'stopped'})` : ''}.`,
    '',
    '## Tool',
    '',
    `${summary.tool.name} ${summary.tool.version} (Node.js ${process.version}).`,
    '',
    '## The command, as given',
    '',
    'Passwords come from the environment only and are never recorded; set them again before running.',
    '',
    '```sh',
    ...exports,
    command,
    '```',
    '',
    '## The same run, every setting that decides the cases explicit',
    '',
    'The same seed and case count replay the same generated cases against a target with the same data.',
    '',
    '```sh',
    ...plan.passwordVariables.map((name) => `export ${name}='…'`),
    replay(),
    '```',
    '',
    '## Configuration (redacted)',
    '',
    '| setting | value | from |',
    '|---|---|---|',
    ...rows,
    ...passwordRows,
    '',
    '## Targets',
    '',
    ...(targets.length > 0 ? targets : ['No target was surveyed.']),
    '',
    '## Failed checks',
    '',
    ...failures,
  ];
  return `${redactText(text.join('\n').replace(/\n+$/, ''))}\n`;
}
