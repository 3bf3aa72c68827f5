import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startOntapEmulator, type RunningOntapEmulator } from '../../src/emulator/ontap/server.ts';
import { runCommand } from '../support/run-command.ts';

const BIN = resolve(import.meta.dirname, '../../bin/conformance.js');
const PRODUCT = resolve(import.meta.dirname, '../../fixtures/product.example.yaml');
/** A few fast checks of both APIs, core and extended (readonly RBAC, writes). */
const CHECKS = 'ontap.cluster.version,ontap.ndmp.mode,ontap.ndmp.patch-invalid-mode,ontap.auth.readonly-can-read,veeam.logon.created,veeam.logon.bad-credentials';
const BUNDLE_FILES = ['MANIFEST.sha256', 'MANIFEST.sha256.sig', 'REPRODUCE.md', 'allure-report.html', 'conformance-report.yaml', 'junit.xml', 'report.html', 'summary.json'];
/** The embedded emulators' passwords: the run registers them as secrets, so no bundle file may hold them. */
const PASSWORDS = ['netapp1!', 'viewer1!', 'veeam1!'];

const cli = (args: string[], env: Record<string, string> = {}) => runCommand(process.execPath, [BIN, ...args], env, 300_000);

describe('certification bundle', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'certification-'));
  const keys = join(work, 'vendor');
  const otherKeys = join(work, 'other');
  const out = join(work, 'out');
  const bundle = join(out, 'certification');
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    expect((await cli(['keygen', '--out', keys])).code).toBe(0);
    expect((await cli(['keygen', '--out', otherKeys])).code).toBe(0);
    run = await cli(['run', '--profile', 'certification', '--product', PRODUCT, '--sign-key', `${keys}.key.pem`, '--checks', CHECKS, '--runs', '1', '--out', out]);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A copy of the bundle to break one way. */
  const copy = () => {
    const dir = mkdtempSync(join(work, 'copy-'));
    cpSync(bundle, dir, { recursive: true });
    return dir;
  };
  const verify = (dir: string, pub?: string) => cli(['verify', dir, ...(pub ? ['--pub', pub] : [])]);

  it('keygen makes an Ed25519 pair, the private key readable by its owner only, and keeps existing files', async () => {
    expect(statSync(`${keys}.key.pem`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${keys}.key.pem`, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(`${keys}.pub.pem`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cli(['keygen', '--out', keys]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/vendor\.key\.pem exists/);
  });

  it('writes the bundle: the run\'s reports, the conformance report, REPRODUCE.md, a manifest sha256sum accepts, a signature', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(readdirSync(bundle).sort()).toEqual(BUNDLE_FILES);
    expect(run.stdout).toMatch(/certification ontap: core success, extended success/);
    expect(run.stdout).toContain(`certification bundle: ${bundle} (6 files in MANIFEST.sha256, signed by SHA256:`);
    expect(run.stdout).not.toContain('has no Allure report');
    for (const file of ['summary.json', 'junit.xml', 'report.html']) expect(readFileSync(join(bundle, file))).toEqual(readFileSync(join(out, file)));
    const manifest = readFileSync(join(bundle, 'MANIFEST.sha256'), 'utf8');
    expect(manifest).toMatch(/^([0-9a-f]{64} {2}\S+\n){6}$/);
    expect(readFileSync(join(bundle, 'allure-report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(join(bundle, 'MANIFEST.sha256.sig'), 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);

    const report = parse(readFileSync(join(bundle, 'conformance-report.yaml'), 'utf8'));
    expect(report.kind).toBe('ConformanceReport');
    expect(report.product).toMatchObject({ vendor: 'Example Backup Inc.', version: '4.2.0' });
    expect(report.tool).toEqual({ name: 'conformance', version: expect.any(String) });
    expect(report.run).toMatchObject({ seed: 1, runs: 1, verdict: 'pass', checks: CHECKS });
    expect(report.targets.ontap).toMatchObject({ version: '9.14.1', ndmpModes: ['svm', 'node'], embeddedEmulator: true });
    expect(report.targets.veeam).toMatchObject({ apiVersion: 'v1_7', embeddedEmulator: true });
    const ontap = report.profiles.find((p: { name: string }) => p.name === 'ontap');
    expect(ontap.core).toMatchObject({ result: 'success', statistics: { passed: 2, total: 2 } });
    expect(ontap.extended).toMatchObject({ result: 'success', statistics: { passed: 2, total: 2 }, supportedCapabilities: ['readonly-credentials', 'writes'] });
    expect(report.capabilities.writes.profile).toBe('extended');

    const reproduce = readFileSync(join(bundle, 'REPRODUCE.md'), 'utf8');
    expect(reproduce).toContain(`npx conformance run --profile certification --product ${PRODUCT}`);
    expect(reproduce).toMatch(/--seed 1 --runs 1/);
    for (const file of BUNDLE_FILES) for (const password of PASSWORDS) expect(readFileSync(join(bundle, file), 'utf8'), `${password} in ${file}`).not.toContain(password);
  });

  it('verify passes an untouched bundle, and says when the signature was not checked', async () => {
    const signed = await verify(bundle, `${keys}.pub.pem`);
    expect(signed.code, signed.stdout + signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/all 6 files match MANIFEST\.sha256, none missing or added; signature valid \(Ed25519, key SHA256:/);
    // The run's --out folder names its bundle too.
    expect((await verify(out, `${keys}.pub.pem`)).code).toBe(0);
    const unchecked = await verify(bundle);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('MANIFEST.sha256.sig present but NOT checked: give --pub KEY.pub.pem to verify the signature');
  });

  it('catches a modified, an added and a removed file, each with its own line and exit 1', async () => {
    const modified = copy();
    appendFileSync(join(modified, 'summary.json'), ' ');
    const added = copy();
    writeFileSync(join(added, 'extra.txt'), 'not from the run\n');
    const removed = copy();
    rmSync(join(removed, 'junit.xml'));
    const all = copy();
    appendFileSync(join(all, 'report.html'), '<!-- edited -->');
    writeFileSync(join(all, 'notes.md'), 'x');
    rmSync(join(all, 'REPRODUCE.md'));

    const [m, a, r, x] = await Promise.all([verify(modified, `${keys}.pub.pem`), verify(added), verify(removed), verify(all)]);
    expect(m.code).toBe(1);
    expect(m.stdout).toMatch(/✗ modified: summary\.json has sha256 [0-9a-f]{64}, MANIFEST\.sha256 says [0-9a-f]{64}/);
    // The manifest itself is intact, so its signature still holds: the checksums catch the change.
    expect(m.stdout).toMatch(/verification FAILED with 1 problem .*signature valid/);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('✗ added: extra.txt is in the bundle but not listed in MANIFEST.sha256');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ missing: junit.xml is listed in MANIFEST.sha256 but is not in the bundle');
    expect(x.code).toBe(1);
    expect(x.stdout.split('\n').filter((line) => line.startsWith('✗'))).toEqual([
      expect.stringMatching(/^✗ missing: REPRODUCE\.md/),
      expect.stringMatching(/^✗ modified: report\.html/),
      expect.stringMatching(/^✗ added: notes\.md/),
    ]);
    expect(x.stdout).toMatch(/verification FAILED with 3 problems/);
  });

  it('catches an altered signature, a wrong key, a re-written manifest and a removed signature', async () => {
    const altered = copy();
    const sig = readFileSync(join(altered, 'MANIFEST.sha256.sig'), 'utf8');
    writeFileSync(join(altered, 'MANIFEST.sha256.sig'), `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
    // Someone edits a file and re-writes its line in the manifest: the checksums hold, the signature does not.
    const rewritten = copy();
    appendFileSync(join(rewritten, 'summary.json'), ' ');
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(readFileSync(join(rewritten, 'summary.json'))).digest('hex');
    const manifest = readFileSync(join(rewritten, 'MANIFEST.sha256'), 'utf8').replace(/^[0-9a-f]{64}(?= {2}summary\.json$)/m, digest);
    writeFileSync(join(rewritten, 'MANIFEST.sha256'), manifest);
    const unsigned = copy();
    rmSync(join(unsigned, 'MANIFEST.sha256.sig'));
    const garbled = copy();
    writeFileSync(join(garbled, 'MANIFEST.sha256.sig'), 'not a signature\n');

    const [alt, wrong, rew, uns, garb] = await Promise.all([
      verify(altered, `${keys}.pub.pem`), verify(bundle, `${otherKeys}.pub.pem`), verify(rewritten, `${keys}.pub.pem`),
      verify(unsigned, `${keys}.pub.pem`), verify(garbled, `${keys}.pub.pem`),
    ]);
    for (const result of [alt, wrong, rew, uns, garb]) expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(alt.stdout).toMatch(/✗ MANIFEST\.sha256\.sig does not verify: MANIFEST\.sha256 was not signed by the key SHA256:\S+ \(.*vendor\.pub\.pem\)/);
    expect(wrong.stdout).toMatch(/✗ MANIFEST\.sha256\.sig does not verify: .*other\.pub\.pem/);
    expect(rew.stdout).toMatch(/verification FAILED with 1 problem \(6 files match MANIFEST\.sha256; signature INVALID\)/);
    expect(rew.stdout).not.toContain('modified:');
    expect(rew.stdout).toContain('✗ MANIFEST.sha256.sig does not verify');
    expect(uns.stdout).toContain('✗ --pub');
    expect(uns.stdout).toContain('but the bundle has no MANIFEST.sha256.sig: it was not signed, or its signature was removed');
    expect(garb.stdout).toContain('✗ MANIFEST.sha256.sig is not a base64 Ed25519 signature (64 bytes)');
    // Without --pub a removed signature cannot be told from an unsigned bundle: the checksums still hold.
    const plain = await verify(unsigned);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('not signed');
  });

  it('answers usage errors with exit 2 and one line', async () => {
    const junk = join(work, 'junk.pem');
    writeFileSync(junk, 'junk');
    const noManifest = mkdtempSync(join(work, 'empty-'));
    const results: Array<{ args: readonly string[]; message: RegExp; result: ReturnType<typeof cli> }> = [];
    for (const [args, message] of [
      [['verify', join(work, 'no-such-dir')], /no-such-dir: no such folder/],
      [['verify', bundle, '--pub', join(work, 'missing.pem')], /--pub .*missing\.pem: cannot read the key \(ENOENT\)/],
      [['verify', bundle, '--pub', junk], /--pub .*junk\.pem: not a PEM public key/],
      [['verify', bundle, '--pub', `${keys}.key.pem`], /this is a private key; give the public key/],
      [['run', '--profile', 'certification'], /--profile certification needs --product FILE/],
      [['run', '--profile', 'certification', '--product', junk], /--product .*junk\.pem: expected a mapping/],
      [['run', '--profile', 'certification', '--product', join(work, 'none.yaml')], /--product .*none\.yaml: cannot read the file \(ENOENT\)/],
      [['run', '--profile', 'certification', '--product', PRODUCT, '--sign-key', junk], /--sign-key .*junk\.pem: not a PEM private key/],
      [['run', '--profile', 'certification', '--product', PRODUCT, '--sign-key', `${keys}.pub.pem`], /--sign-key .*vendor\.pub\.pem: not a PEM private key/],
      [['run', '--profile', 'certification', '--product', PRODUCT, '--only', 'ontap'], /covers every API that has a target/],
      [['run', '--profile', 'certification', '--product', PRODUCT, '--shard', '1/2'], /cannot be combined with --shard/],
      [['run', '--product', PRODUCT], /--product applies only to --profile certification/],
      [['run', '--profile', 'gold'], /argument 'gold' is invalid/],
    ] as const) results.push({ args, message, result: cli([...args]) });
    for (const { args, message, result: pending } of results) {
      const result = await pending;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n').filter((line) => !line.startsWith('(run')), args.join(' ')).toHaveLength(1);
    }
    const empty = await verify(noManifest);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/MANIFEST\.sha256 is missing: nothing can be checked/);
  });
});

describe('certification of a real target', { timeout: 600_000 }, () => {
  let emulator: RunningOntapEmulator;
  beforeAll(async () => {
    emulator = await startOntapEmulator({ tls: true });
  });
  afterAll(() => emulator.close());

  it('runs writes only when allowed: without --allow-writes or readonly credentials the extended profile is partial, core still succeeds', async () => {
    const out = mkdtempSync(join(tmpdir(), 'certification-real-'));
    const password = 'netapp1!';
    const result = await cli([
      'run', '--profile', 'certification', '--product', PRODUCT, '--ontap-url', emulator.url, '--ontap-user', 'admin', '--insecure',
      '--checks', 'ontap.cluster.version,ontap.ndmp.mode,ontap.ndmp.patch-invalid-mode,ontap.auth.readonly-can-read,ontap.sessions.uuid-field', '--runs', '1', '--out', out,
    ], { CONFORMANCE_ONTAP_PASSWORD: password, CONFORMANCE_SEED: '5' });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const bundle = join(out, 'certification');
    expect(existsSync(join(bundle, 'MANIFEST.sha256.sig'))).toBe(false);
    const report = parse(readFileSync(join(bundle, 'conformance-report.yaml'), 'utf8'));
    expect(report.run).toMatchObject({ seed: 5, runs: 1 });
    const [ontap] = report.profiles;
    expect(ontap).toMatchObject({ name: 'ontap', writesAllowed: false, destructiveAllowed: false, target: { ndmpModes: ['svm'], embeddedEmulator: false } });
    expect(ontap.core.result).toBe('success');
    expect(ontap.extended).toMatchObject({
      result: 'partial',
      statistics: { passed: 1, failed: 0, skipped: 2, errors: 0, total: 3 },
      supportedCapabilities: ['data:sessions', 'version>=9.9'],
      unsupportedCapabilities: ['readonly-credentials', 'writes'],
      skipReasons: [
        { reason: 'writes are not allowed (use --allow-writes)', checks: ['ontap.ndmp.patch-invalid-mode'] },
        { reason: 'no readonly credentials given (--ontap-readonly-user)', checks: ['ontap.auth.readonly-can-read'] },
      ],
    });
    expect(ontap.summary).toBe('Core tests succeeded. Extended tests partially succeeded with 2 test skips.');
    const reproduce = readFileSync(join(bundle, 'REPRODUCE.md'), 'utf8');
    expect(reproduce).toContain('export CONFORMANCE_SEED=5');
    expect(reproduce).toContain("export CONFORMANCE_ONTAP_PASSWORD='…'   # was set; its value is not recorded");
    expect(reproduce).toContain(`--ontap-url ${emulator.url} --ontap-user admin --insecure`);
    for (const file of readdirSync(bundle)) expect(readFileSync(join(bundle, file), 'utf8'), file).not.toContain(password);
    expect((await cli(['verify', bundle])).code).toBe(0);
  });
});
