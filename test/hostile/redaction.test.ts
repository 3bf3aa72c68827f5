import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/checks/expect.ts';
import { clip, REDACTED, registerSecrets } from '../../src/client/redact.ts';
import { startOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const PASSWORD = 'Qx7-Kp2Wm9Lr4Tz';

/** Every run of `min` characters of the secret: none of them may survive in any artefact. */
function fragments(secret: string, min = 5): string[] {
  const out: string[] = [];
  for (let i = 0; i + min <= secret.length; i++) out.push(secret.slice(i, i + min));
  return out;
}

function leaks(text: string): string[] {
  const base64 = Buffer.from(`admin:${PASSWORD}`).toString('base64');
  return [...fragments(PASSWORD), base64.slice(0, 12), encodeURIComponent(PASSWORD).slice(0, 8)].filter((fragment) => text.includes(fragment));
}

describe('secrets are redacted before any text is shortened', () => {
  it('excerpt and clip leave no part of a secret at any offset of the cut', () => {
    registerSecrets([PASSWORD], 'admin');
    for (const max of [100, 200, 300, 400]) {
      for (let pad = 0; pad <= max + PASSWORD.length; pad++) {
        const text = `${'x'.repeat(pad)}${PASSWORD}${'y'.repeat(50)}`;
        for (const shortened of [excerpt(text, max), clip(text, max), excerpt({ message: text }, max)]) {
          expect(leaks(shortened), `pad ${pad}, max ${max}: ${shortened.slice(-40)}`).toEqual([]);
        }
      }
    }
    expect(clip(`Authorization: Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`, 400)).toContain(REDACTED);
  });

  it('a target that echoes the credentials leaks them into no console line, report or Allure result', { timeout: 180_000 }, async () => {
    const emulator = await startOntapEmulator({ admin: { name: 'admin', password: PASSWORD } });
    const upstream = new URL(emulator.url);
    let n = 0;
    // Session reads (but the inventory's count) answer 500 with the credentials they got, the password placed
    // at a different offset around the 400-character cut each time; everything else is the healthy emulator.
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/api/protocols/ndmp/sessions') && !url.includes('return_records=false')) {
        const [name, password] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
        const pad = 'p'.repeat(370 + (n++ % 45));
        res.writeHead(500, { 'content-type': 'application/hal+json' });
        res.end(JSON.stringify({ error: { message: `${pad}${password} is the password of ${name}; header ${req.headers.authorization}`, code: '1' } }));
        return;
      }
      req.pipe(forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const out = mkdtempSync(join(tmpdir(), 'echo-'));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await runCommand(process.execPath, [BIN, 'run', '--ontap-url', url, '--ontap-user', 'admin', '--runs', '2', '--out', out], { CONFORMANCE_ONTAP_PASSWORD: PASSWORD });
      expect(run.code).toBe(1);
      expect(n).toBeGreaterThan(20);
      const artefacts: Array<[string, string]> = [['stdout', run.stdout], ['stderr', run.stderr]];
      for (const file of ['summary.json', 'junit.xml', 'report.html']) artefacts.push([file, readFileSync(join(out, file), 'utf8')]);
      const allure = join(out, 'allure-results');
      for (const file of readdirSync(allure)) artefacts.push([`allure-results/${file}`, readFileSync(join(allure, file), 'utf8')]);
      expect(artefacts.length).toBeGreaterThan(5);
      for (const [name, text] of artefacts) expect(leaks(text), name).toEqual([]);
      // The echoed answers are quoted (redacted) in the failures: the test saw them.
      expect(readFileSync(join(out, "summary.json"), "utf8")).toMatch(/p{20,}(<redacted>|…)/);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
      await emulator.close();
    }
  });
});
