import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';
import { BASE, CURRENT, summary, writeSummary } from './summaries.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const cli = (args: string[]) => runCommand(process.execPath, [BIN, ...args]);

describe('conformance diff', { timeout: 180_000 }, () => {
  it('compares two summary.json files: markdown, exit 1 when something newly fails', async () => {
    const base = writeSummary(BASE).path;
    const current = writeSummary(CURRENT).path;
    const regressed = await cli(['diff', base, current]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/^### Conformance diff: 3 newly failing\n/);
    expect(regressed.stdout).toContain('#### Newly failing (3)');
    expect(regressed.stdout).toContain(`| summary | \`${base}\` | \`${current}\` |`);
    expect(regressed.stderr).toBe('');
    // The other way round nothing newly fails (the base's error is an error of the current run there, and was one before).
    const back = await cli(['diff', current, base]);
    expect(back.stdout).toContain('#### Fixed');
    const fixedOnly = await cli(['diff', writeSummary(summary({ 'ontap.a': 'failed' })).path, writeSummary(summary({ 'ontap.a': 'passed' })).path]);
    expect(fixedOnly.code).toBe(0);
    expect(fixedOnly.stdout).toContain('### Conformance diff: no new failures, 1 fixed');
  });

  it('reads the --out folder of a run and of a certification run (DIR/certification/summary.json)', async () => {
    const run = writeSummary(BASE).root;
    const certified = writeSummary(CURRENT, join('certification', 'summary.json')).root;
    const { code, stdout } = await cli(['diff', run, certified]);
    expect(code).toBe(1);
    expect(stdout).toContain(`\`${join(run, 'summary.json')}\``);
    expect(stdout).toContain(`\`${join(certified, 'certification', 'summary.json')}\``);
  });

  it('--json and --junit print the same diff for tools, with the same exit code', async () => {
    const base = writeSummary(BASE).path;
    const current = writeSummary(CURRENT).path;
    const json = await cli(['diff', '--json', base, current]);
    expect(json.code).toBe(1);
    const diff = JSON.parse(json.stdout);
    expect(diff.regressions.map((c: { id: string }) => c.id)).toEqual(['ontap.a.regressed', 'ontap.a.skip-then-fail', 'veeam.b.added-failing']);
    expect(diff.targets).toContainEqual({ api: 'ontap', field: 'version', before: '9.14.1', after: '9.15.1' });
    expect(diff.base).toMatchObject({ source: base, seed: 1, verdict: 'fail' });
    expect(Object.keys(diff)).toEqual(['base', 'current', 'regressions', 'fixed', 'stillFailing', 'newlySkipped', 'noLongerSkipped', 'added', 'removed', 'unchanged', 'targets']);
    const junit = await cli(['diff', base, current, '--junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="conformance diff">/);
    expect(junit.stdout.match(/<failure /g)).toHaveLength(3);
    const clean = await cli(['diff', '--junit', base, base]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toContain('<failure');
    expect((await cli(['diff', '--json', '--junit', base, current])).code).toBe(2);
  });

  it('ends with exit 2 and one line for input it cannot read', async () => {
    const good = writeSummary(BASE).path;
    const noSummary = writeSummary({ verdict: 'pass' }, 'other.json').root;
    for (const [path, message] of [
      ['/no/such/summary.json', /cannot read \/no\/such\/summary.json/],
      [writeSummary('not json {').path, /is not a summary.json of this tool \(not JSON\)/],
      [writeSummary({ checks: [{ id: 'x' }] }).path, /is not a summary.json of this tool \(no checks with an id and a status\)/],
      [noSummary, /holds no summary.json \(nor certification\/summary.json\)/],
    ] as const) {
      const calls = [['diff', path, good], path === noSummary ? ['table', good, path] : ['diff', good, path]];
      for (const [i, { code, stdout, stderr }] of (await Promise.all(calls.map((args) => cli(args)))).entries()) {
        expect(code, calls[i]!.join(' ')).toBe(2);
        expect(stderr).toMatch(message);
        expect(stderr.trim().split('\n')).toHaveLength(1);
        expect(stdout).toBe('');
      }
    }
  });
});

describe('conformance table', { timeout: 180_000 }, () => {
  it('prints check × target as markdown, and as JSON with --json', async () => {
    const old = writeSummary(BASE).root;
    const next = writeSummary(CURRENT, join('certification', 'summary.json')).root;
    const { code, stdout } = await cli(['table', old, next]);
    expect(code).toBe(0);
    expect(stdout).toContain('### ONTAP\n\n| check | ONTAP 9.14.1 svm | ONTAP 9.15.1 node |');
    expect(stdout).toContain('| `ontap.a.regressed` | ✓ | ✗ |');
    expect(stdout).toContain('| `ontap.a.newly-skipped` | ✓ | – |');
    expect(stdout).toContain('### Veeam Enterprise Manager\n\n| check | Veeam v1_7 | Veeam v1_6 |');
    expect(stdout).toContain('| `veeam.b.added-failing` |   | ! |');
    const json = await cli(['table', '--json', old, next]);
    expect(json.code).toBe(0);
    const table = JSON.parse(json.stdout);
    expect(table.apis[0].columns.map((c: { label: string }) => c.label)).toEqual(['ONTAP 9.14.1 svm', 'ONTAP 9.15.1 node']);
    expect(table.apis[0].rows.find((r: { id: string }) => r.id === 'ontap.a.fixed').outcomes).toEqual({ 'ONTAP 9.14.1 svm': 'failed', 'ONTAP 9.15.1 node': 'passed' });
    const differing = await cli(['table', '--differing', old, next]);
    expect(differing.stdout).not.toContain('`ontap.a.same`');
    expect(differing.stdout).toContain('`ontap.a.fixed`');
  });
});
