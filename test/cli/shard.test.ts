import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
/** Checks from several suite files of both APIs, ONTAP in both scopes: enough for vitest to split the files. */
const CHECKS = 'ontap.cluster.*,ontap.ndmp.mode,ontap.auth.*,ontap.sessions.filter.*,ontap.svms.shape.*,ontap.nodes.shape.*,ontap.scope.*,veeam.logon.created,veeam.logon.bad-credentials,veeam.query.backup-sessions.*,veeam.scope.*,veeam.errors.*';

const cli = (args: string[]) => runCommand(process.execPath, [BIN, ...args], {}, 200_000);

interface Summary {
  checks: Array<Record<string, string>>;
  counts: Record<string, number>;
  verdict: string;
  targets: Record<string, Record<string, string>>;
}

async function run(extra: string[]): Promise<{ out: string; code: number | null; summary: Summary; stdout: string }> {
  const out = mkdtempSync(join(tmpdir(), 'shard-'));
  const { code, stdout } = await cli(['run', '--runs', '1', '--checks', CHECKS, '--out', out, ...extra]);
  return { out, code, stdout, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

/** What must not depend on how the run was split or paced: each check's id, rule and outcome. */
const verdicts = (summary: Summary) => summary.checks.map((c) => [c.id, c.title, c.operation, c.requirement, c.status, c.status === 'skipped' ? c.reason : '']);

function allureNames(out: string): string[] {
  const dir = join(out, 'allure-results');
  return readdirSync(dir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).name as string).sort();
}

describe('sharding and concurrency leave verdicts unchanged', { timeout: 600_000 }, () => {
  it('two shards merged give the reports of the unsharded run (apart from times and ports)', async () => {
    const [whole, one, two] = await Promise.all([run([]), run(['--shard', '1/2']), run(['--shard', '2/2'])]);
    expect(whole.code).toBe(0);
    expect([one.code, two.code]).toEqual([0, 0]);
    // Each shard ran a part, none all of it.
    expect(one.summary.checks.length).toBeGreaterThan(0);
    expect(one.summary.checks.length).toBeLessThan(whole.summary.checks.length);
    expect(one.summary.checks.length + two.summary.checks.length).toBeGreaterThanOrEqual(whole.summary.checks.length);
    const merged = mkdtempSync(join(tmpdir(), 'merged-'));
    const joined = await cli(['merge', one.out, two.out, '--out', merged]);
    expect(joined.code, joined.stdout + joined.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8')) as Summary;
    expect(verdicts(summary)).toEqual(verdicts(whole.summary));
    expect(summary.counts).toEqual(whole.summary.counts);
    expect(Object.keys(summary.targets)).toEqual(Object.keys(whole.summary.targets));
    expect(summary.targets.ontap!.mode).toBe('svm+node');
    expect(readFileSync(join(merged, 'junit.xml'), 'utf8').match(/<testcase /g)?.length).toBe(whole.summary.checks.length);
    expect(allureNames(merged)).toEqual(allureNames(whole.out));

    const missing = await cli(['merge', one.out, '--out', mkdtempSync(join(tmpdir(), 'merged-'))]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shard 2\/2 is missing/);
    const notShard = await cli(['merge', whole.out, '--out', mkdtempSync(join(tmpdir(), 'merged-'))]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--concurrency 1 and 8 give the same verdicts for the same seed', async () => {
    const [serial, parallel] = await Promise.all([run(['--concurrency', '1', '--seed', '3']), run(['--concurrency', '8', '--seed', '3'])]);
    expect(serial.code).toBe(0);
    expect(verdicts(parallel.summary)).toEqual(verdicts(serial.summary));
  });
});
