import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { startVeeamEmulator, type RunningVeeamEmulator } from '../../src/emulator/veeam/server.ts';
import { embeddedReportFiles } from '../../src/report/allure-report.ts';
import { runCommand, type CommandResult } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');

// Distinctive passwords, with characters that change under URL and JSON encoding.
const ADMIN = { name: 'ops-admin', password: 'Adm1n-Qz7#pW"x' };
const VIEWER = { name: 'auditor', password: 'R3ad-Vx9%kL&q' };
const VEEAM = { name: 'svc-backup', password: 'V33am-Jt5&mN:z' };

// Faults that make checks fail, so that failure messages, curl lines and the bodies of failing answers are
// written; `password-readable` puts node passwords into GET answers, `auth-readonly-can-write` lets the readonly
// user write, and the Veeam logon answers 200, so its LogonSession body lands in a failure message.
const ONTAP_FAULTS = ['password-readable', 'auth-readonly-can-write', 'error-not-found-500', 'filter-range-exclusive', 'shape-error-code-number'] as const;
const VEEAM_FAULTS = ['veeam-logon-status-200', 'veeam-unknown-id-500', 'veeam-error-not-error-document', 'veeam-json-number-as-string'] as const;

/** Every string value of a `password` property anywhere in a JSON value. */
function passwordsIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) passwordsIn(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'password' && typeof item === 'string' && item.length > 0) found.add(item);
      else passwordsIn(item, found);
    }
  }
}

/**
 * A pass-through in front of the ONTAP emulator that collects every password an answer hands out: the
 * generated NDMP passwords of the passwords endpoint and, with `password-readable`, the node passwords.
 */
async function collectingProxy(upstream: string, found: Set<string>): Promise<{ url: string; server: Server }> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    req.pipe(forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        try {
          passwordsIn(JSON.parse(Buffer.concat(chunks).toString('utf8')), found);
        } catch {
          // Not JSON: nothing handed out.
        }
      });
      answer.pipe(res);
    }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Every file under a folder, with its text; a single-file Allure report also with each file it embeds, decoded. */
function artefacts(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...artefacts(path));
      continue;
    }
    const text = readFileSync(path, 'utf8');
    out.push([path, text]);
    if (name.endsWith('.html')) for (const [inner, content] of embeddedReportFiles(text)) out.push([`${path} » ${inner}`, content]);
  }
  return out;
}

/** The forms a secret could leak in: as is, URL-encoded, JSON-escaped, and (for passwords) inside a Basic credential. */
function forms(secret: string, user?: string): string[] {
  const all = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  if (user !== undefined) all.push(Buffer.from(`${user}:${secret}`).toString('base64').replace(/=+$/, ''));
  return [...new Set(all)];
}

describe('no secret in any artefact', () => {
  let ontap: RunningOntapEmulator;
  let veeam: RunningVeeamEmulator;
  let proxy: Server;
  let out: string;
  let run: CommandResult;
  let report: CommandResult;
  const tokens = new Set<string>();
  const generated = new Set<string>();

  beforeAll(async () => {
    ontap = await startOntapEmulator({ admin: ADMIN, readonly: VIEWER, faults: new Set(ONTAP_FAULTS) });
    veeam = await startVeeamEmulator({ user: VEEAM, faults: new Set(VEEAM_FAULTS) });
    // Every token the Veeam emulator hands out, as it hands it out.
    const openLogon = veeam.state.openLogon.bind(veeam.state);
    veeam.state.openLogon = (userName, version, token) => {
      tokens.add(token);
      return openLogon(userName, version, token);
    };
    const front = await collectingProxy(ontap.url, generated);
    proxy = front.server;
    out = mkdtempSync(join(tmpdir(), 'no-secrets-'));
    run = await runCommand(process.execPath, [BIN, 'run',
      '--ontap-url', front.url, '--ontap-user', ADMIN.name, '--ontap-readonly-user', VIEWER.name,
      '--veeam-url', veeam.url, '--veeam-user', VEEAM.name,
      '--allow-writes', '--allow-destructive', '--runs', '1', '--out', out,
    ], { CONFORMANCE_ONTAP_PASSWORD: ADMIN.password, CONFORMANCE_ONTAP_READONLY_PASSWORD: VIEWER.password, CONFORMANCE_VEEAM_PASSWORD: VEEAM.password, CI: 'true' }, 400_000);
    report = await runCommand(process.execPath, [BIN, 'report', out, '--history', join(out, 'history.jsonl')]);
  }, 600_000);

  afterAll(async () => {
    await new Promise<void>((ok) => (proxy ? proxy.close(() => ok()) : ok()));
    await ontap?.close();
    await veeam?.close();
  });

  it('the run failed checks of both APIs, wrote curl lines, and saw tokens and generated passwords', () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(1);
    expect(report.code, report.stdout + report.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { checks: Array<{ id: string; status: string; reproduce?: string }> };
    const failed = summary.checks.filter((check) => check.status === 'failed');
    expect(failed.some((check) => check.id.startsWith('ontap.'))).toBe(true);
    expect(failed.some((check) => check.id.startsWith('veeam.'))).toBe(true);
    expect(failed.filter((check) => check.reproduce?.startsWith('curl ')).length).toBeGreaterThan(2);
    // Writes ran (they are not skipped) and readonly credentials were used.
    expect(summary.checks.filter((check) => /patch/.test(check.id) && check.status !== 'skipped').length).toBeGreaterThan(0);
    expect(tokens.size).toBeGreaterThan(1);
    expect(generated.size).toBeGreaterThan(0);
  });

  it('no password (nor its Basic form), token or generated NDMP password in the console, the reports or the Allure output', () => {
    const files = artefacts(out);
    const names = files.map(([path]) => relative(out, path));
    // The folder holds what the brief names: reports, Allure results and the single-file Allure report.
    expect(names).toEqual(expect.arrayContaining(['summary.json', 'junit.xml', 'report.html', 'allure-report.html', 'history.jsonl']));
    expect(names.filter((name) => name.startsWith('allure-results/')).length).toBeGreaterThan(100);
    expect(names.filter((name) => name.includes(' » data/attachments/')).length).toBeGreaterThan(100);
    const texts: Array<[string, string]> = [['run stdout', run.stdout], ['run stderr', run.stderr], ['report stdout', report.stdout], ['report stderr', report.stderr], ...files.map(([path, text]): [string, string] => [relative(out, path), text])];

    const secrets: Array<[string, string]> = [
      ...[ADMIN, VIEWER, VEEAM].flatMap((user) => forms(user.password, user.name).map((form): [string, string] => [`password of ${user.name}`, form])),
      ...[...tokens].map((token): [string, string] => ['a Veeam session token', token]),
      ...[...generated].map((password): [string, string] => ['a generated NDMP password', password]),
    ];
    // A cut can leave part of a password: no eight characters of one may survive either.
    for (const user of [ADMIN, VIEWER, VEEAM]) {
      for (let i = 0; i + 8 <= user.password.length; i++) secrets.push([`part of the password of ${user.name}`, user.password.slice(i, i + 8)]);
    }
    const leaks: string[] = [];
    for (const [where, text] of texts) {
      for (const [what, secret] of secrets) if (text.includes(secret)) leaks.push(`${what} in ${where}`);
    }
    expect(leaks).toEqual([]);
    // The redacted placeholders are there instead: the secrets were met, and removed.
    expect(texts.some(([, text]) => text.includes(`-u '${ADMIN.name}:<redacted>'`))).toBe(true);
    expect(texts.some(([, text]) => text.includes("X-RestSvcSessionId: <redacted>"))).toBe(true);
  });
});
