import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { runCommand } from '../support/run-command.ts';
import { startHostileProxy, type Misbehaviour } from './hostile-target.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

interface Scenario {
  name: string;
  misbehaviour: Misbehaviour;
  where: (path: string) => boolean;
  /** A check that needs the endpoint, and what its failure must name. */
  check: string;
  cause: RegExp;
}

const SCENARIOS: Scenario[] = [
  { name: 'the CDP collection never answers', misbehaviour: 'hang', where: (p) => p.startsWith('/api/cdpReplicaTaskSessions'), check: 'veeam.cdp-task-sessions.entity-form', cause: /no complete answer within 1 s/ },
  { name: 'the query service answers 500', misbehaviour: 'status-500', where: (p) => p.startsWith('/api/query'), check: 'veeam.query.backup-sessions.filter-equality', cause: /HTTP 500/ },
  { name: 'the NAS job sessions reset mid-body', misbehaviour: 'reset', where: (p) => /\/api\/nas\/jobs\/[^/]+\/backupSessions/.test(p), check: 'veeam.nas-jobs.sessions-list', cause: /failed: (connection reset|the connection broke|the body did not match)/ },
  { name: 'every session resource answers garbage', misbehaviour: 'garbage', where: (p) => /Sessions/.test(p) && !p.startsWith('/api/sessionMngr') && !p.startsWith('/api/logonSessions'), check: 'veeam.representations.backup-sessions.xml-by-default', cause: /./ },
];

describe.concurrent('a hostile Veeam Enterprise Manager never passes', { timeout: 180_000 }, () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the checks that need it fail, naming the cause (exit 1)`, async () => {
      const emulator = await startVeeamEmulator({ seed: 2 });
      const proxy = await startHostileProxy(emulator.url, (req: IncomingMessage) => (scenario.where(req.url ?? '') ? scenario.misbehaviour : undefined));
      try {
        const out = mkdtempSync(join(tmpdir(), 'veeam-hostile-'));
        const run = await runCommand(process.execPath, [BIN, 'run', '--veeam-url', proxy.url, '--veeam-user', 'veeam', '--runs', '1', '--request-timeout', '1', '--max-body', '1', '--check-timeout', '20', '--deadline', '90', '--out', out], { CONFORMANCE_VEEAM_PASSWORD: 'veeam1!' }, 150_000);
        expect(proxy.taken.get(scenario.misbehaviour) ?? 0).toBeGreaterThan(0);
        expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(1);
        expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
        expect(existsSync(join(out, 'summary.json'))).toBe(true);
        const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
        const check = summary.checks.find((c: { id: string }) => c.id === scenario.check);
        expect(check, `${scenario.check} in the summary`).toBeDefined();
        expect(check.status, check.reason).toBe('failed');
        expect(check.reason).toMatch(scenario.cause);
      } finally {
        await proxy.close();
        await emulator.close();
      }
    });
  }
});
