import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';
import { startHostileTarget, type Misbehaviour } from './hostile-target.ts';
import type { IncomingMessage } from 'node:http';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

async function run(choose: (req: IncomingMessage, n: number) => Misbehaviour | undefined, extra: string[] = []) {
  const target = await startHostileTarget(choose);
  try {
    const out = mkdtempSync(join(tmpdir(), 'judged-'));
    const result = await runCommand(process.execPath, [BIN, 'run', '--ontap-url', target.url, '--ontap-user', 'admin', '--runs', '1', '--request-timeout', '5', '--out', out, ...extra], { CONFORMANCE_ONTAP_PASSWORD: 'netapp1!' }, 100_000);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const byId = new Map<string, { status: string; reason?: string }>(summary.checks.map((c: { id: string }) => [c.id, c]));
    return { ...result, summary, byId, taken: target.taken };
  } finally {
    await target.close();
  }
}

describe.concurrent('a target that answers detection but breaks its shape is judged, not turned away', { timeout: 180_000 }, () => {
  it('a cluster version without minor fails ontap.cluster.version and the version-gated checks; the rest runs (exit 1)', async () => {
    const r = await run((req) => ((req.url ?? '').startsWith('/api/cluster')
      ? { rewrite: (json) => ({ ...json, version: { ...(json.version as object), minor: undefined } }) }
      : undefined));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/the target's version could not be read/);
    expect(r.byId.get('ontap.cluster.version')).toMatchObject({ status: 'failed', reason: expect.stringContaining('version.minor as an integer') });
    expect(r.byId.get('ontap.sessions.uuid-field')).toMatchObject({ status: 'failed', reason: expect.stringContaining("the target's version could not be read") });
    expect(r.summary.counts.passed).toBeGreaterThan(30);
  });

  it('an NDMP mode outside svm|node fails ontap.ndmp.mode and the mode-gated checks; the rest runs (exit 1)', async () => {
    const r = await run((req) => (req.url === '/api/protocols/ndmp' && req.method === 'GET' ? { rewrite: (json) => ({ ...json, mode: 'cluster' }) } : undefined));
    expect(r.code, r.stderr).toBe(1);
    expect(r.byId.get('ontap.ndmp.mode')).toMatchObject({ status: 'failed' });
    expect(r.byId.get('ontap.svms.shape.fields-star')).toMatchObject({ status: 'failed', reason: expect.stringContaining("NDMP mode could not be read") });
    expect(r.byId.get('ontap.sessions.filter.equality')?.status).toBe('passed');
  });

  it('429 with Retry-After is waited out: a throttling but conformant target passes (exit 0)', async () => {
    const r = await run((_req, n) => (n % 7 === 3 ? 'throttle' : undefined), ['--checks', 'ontap.cluster.version,ontap.ndmp.mode,ontap.sessions.shape.*,ontap.sessions.errors.*']);
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(r.taken.get('throttle')).toBeGreaterThanOrEqual(2);
    expect(r.summary.verdict).toBe('pass');
    expect(r.summary.checks.every((c: { status: string }) => c.status === 'passed')).toBe(true);
  });

  it('an empty, well-formed collection is "no data": its checks are skipped, never failed (exit 0)', async () => {
    const empty = { rewrite: () => ({ records: [], num_records: 0, _links: { self: { href: '/api/protocols/ndmp/sessions' } } }) };
    const r = await run((req) => ((req.url ?? '').startsWith('/api/protocols/ndmp/sessions?') ? empty : undefined), ['--checks', 'ontap.sessions.*']);
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(r.byId.get('ontap.sessions.filter.equality')).toMatchObject({ status: 'skipped', reason: 'the target has no sessions to test with' });
  });
});
