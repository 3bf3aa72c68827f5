import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/run-command.ts';
import { startHostileTarget, type Misbehaviour } from './hostile-target.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const PASSWORD = 'netapp1!';
/** Small limits, so that every hostile run ends in seconds. */
const LIMITS = ['--request-timeout', '1', '--max-body', '1', '--check-timeout', '15', '--deadline', '60', '--runs', '1'];

const onSessions = (req: IncomingMessage) => (req.url ?? '').startsWith('/api/protocols/ndmp/sessions');
const onSessionWalks = (req: IncomingMessage) => onSessions(req) && !(req.url ?? '').includes('return_records=false') && !/sessions\/[^/?]+\/[^/?]+/.test(req.url ?? '');

interface Scenario {
  name: string;
  misbehaviour: Misbehaviour;
  where: (req: IncomingMessage) => boolean;
  /** What the failed checks must name. */
  cause: RegExp;
}

const SCENARIOS: Scenario[] = [
  { name: 'never answers', misbehaviour: 'hang', where: onSessions, cause: /no complete answer within 1 s/ },
  { name: 'drips a byte a second', misbehaviour: 'drip', where: onSessions, cause: /no complete answer within 1 s/ },
  { name: 'resets mid-body', misbehaviour: 'reset', where: onSessions, cause: /failed: (connection reset|the connection broke|the body did not match)/ },
  { name: 'answers garbage', misbehaviour: 'garbage', where: onSessions, cause: /without a count|JSON/ },
  { name: 'sends a 1 GB body', misbehaviour: 'huge', where: onSessions, cause: /larger than the 1 MB limit/ },
  { name: 'declares JSON as text/html', misbehaviour: 'html', where: () => true, cause: /Content-Type/ },
  { name: 'answers 500', misbehaviour: 'status-500', where: onSessions, cause: /HTTP 500/ },
  { name: 'redirects', misbehaviour: 'redirect', where: onSessions, cause: /HTTP 302/ },
  { name: 'throttles for ever', misbehaviour: 'throttle', where: onSessions, cause: /kept throttling: HTTP 429 with Retry-After 1 after 3 retries/ },
  { name: 'sends next links that loop', misbehaviour: 'next-loop', where: onSessionWalks, cause: /already followed/ },
  { name: 'sends next links that never end', misbehaviour: 'next-grow', where: onSessionWalks, cause: /next links to end within \d+ pages/ },
  { name: 'answers very slowly', misbehaviour: 'slow', where: onSessions, cause: /no complete answer within 1 s/ },
];

/** Runs the CLI against a target, under a heap cap: a run that buffered a huge answer would crash, not pass. */
async function runAgainst(url: string, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'hostile-'));
  const started = Date.now();
  const result = await runCommand(process.execPath, ['--max-old-space-size=384', BIN, 'run', '--ontap-url', url, '--ontap-user', 'admin', '--out', out, ...LIMITS, ...extra], { CONFORMANCE_ONTAP_PASSWORD: PASSWORD }, 100_000);
  const summaryFile = join(out, 'summary.json');
  const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
  return { ...result, seconds: (Date.now() - started) / 1000, summary };
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe.concurrent('a hostile target never passes, and every run ends in bounded time', { timeout: 180_000 }, () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the checks that need the endpoint fail, naming the cause (exit 1)`, async () => {
      const target = await startHostileTarget((req) => (scenario.where(req) ? scenario.misbehaviour : undefined));
      try {
        const run = await runAgainst(target.url);
        expect(target.taken.get(scenario.misbehaviour) ?? 0, 'the hostile target was asked').toBeGreaterThan(0);
        expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(1);
        noStackTrace(run.stdout + run.stderr);
        expect(run.stdout).not.toContain(PASSWORD);
        expect(run.summary.verdict).toBe('fail');
        const failed = run.summary.checks.filter((c: { status: string }) => c.status === 'failed');
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.some((c: { reason: string }) => scenario.cause.test(c.reason)), failed.map((c: { id: string; reason: string }) => `${c.id}: ${c.reason}`).join('\n').slice(0, 3000)).toBe(true);
        // Every planned check is accounted for, and none is "not run": nobody interrupted this run.
        expect(run.summary.checks.filter((c: { reason?: string }) => /^not run/.test(c.reason ?? ''))).toEqual([]);
        // Bounded by the run deadline (60 s) and a few seconds to write the reports, however loaded the machine is.
        expect(run.seconds).toBeLessThan(75);
      } finally {
        await target.close();
      }
    });
  }

  it('never answers at all: exit 2 with one line, within the request timeout', async () => {
    const target = await startHostileTarget(() => 'hang');
    try {
      const run = await runAgainst(target.url);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/no complete answer within 1 s/);
      noStackTrace(run.stdout + run.stderr);
      expect(run.seconds).toBeLessThan(45);
    } finally {
      await target.close();
    }
  });

  it('answers everything slowly: the run deadline stops it, the reports account for every check, exit 2', async () => {
    const target = await startHostileTarget((req) => ((req.url ?? '').startsWith('/api/cluster') || req.url === '/api/protocols/ndmp' ? undefined : 'slow'));
    try {
      const run = await runAgainst(target.url, ['--request-timeout', '5', '--deadline', '8']);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/the run deadline of 8 s was reached \(--deadline\)/);
      noStackTrace(run.stdout + run.stderr);
      expect(run.summary).toMatchObject({ interrupted: true, verdict: 'fail', stopped: expect.stringContaining('deadline') });
      expect(run.summary.checks.some((c: { reason?: string }) => /^not (run|finished)/.test(c.reason ?? ''))).toBe(true);
      expect(run.seconds).toBeLessThan(40);
    } finally {
      await target.close();
    }
  });
});
