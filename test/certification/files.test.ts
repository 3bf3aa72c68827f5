import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage-error.ts';
import { buildManifest, escapesBundle, parseManifest } from '../../src/report/certification/manifest.ts';
import type { CertificationPlan } from '../../src/report/certification/options.ts';
import { parseProduct } from '../../src/report/certification/product.ts';
import { reproduceMarkdown, shellWord } from '../../src/report/certification/reproduce.ts';
import { generateSigningKeys, readPrivateKey, readPublicKey, signDetached, verifyDetached } from '../../src/report/certification/signing.ts';
import type { Summary } from '../../src/report/summary.ts';

const productError = (text: string) => {
  try {
    parseProduct(text, 'p.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('accepted');
};

describe('the product file', () => {
  it('reads vendor, product, version and one contact or several', () => {
    expect(parseProduct('vendor: V\nproduct: P\nversion: "9.10"\ncontact: a@b.example\n', 'p.yaml'))
      .toEqual({ vendor: 'V', product: 'P', version: '9.10', contact: ['a@b.example'] });
    expect(parseProduct('vendor: V\nproduct: P\nversion: 1.0.2\ncontact: [a, b]\nurl: https://v.example\n', 'p.yaml').contact).toEqual(['a', 'b']);
  });

  it('refuses a bad file with one line naming the file and the field', () => {
    expect(productError('vendor: V\nproduct: P\nversion: "1"\n')).toMatch(/--product p\.yaml: "contact" is missing/);
    expect(productError('vendor: V\nproduct: P\nversion: 9.10\ncontact: c\n')).toMatch(/"version" must be a string, got the number 9\.1 \(quote it/);
    expect(productError('vendor: V\nproduct: ""\nversion: "1"\ncontact: c\n')).toMatch(/"product" is empty/);
    expect(productError('vendr: V\nproduct: P\nversion: "1"\ncontact: c\n')).toMatch(/unknown field "vendr"/);
    expect(productError('- a\n- b\n')).toMatch(/expected a mapping/);
    expect(productError('vendor: [unclosed\n')).toMatch(/not valid YAML/);
    expect(productError('vendor: V\nproduct: P\nversion: "1"\ncontact: []\n')).toMatch(/"contact" is an empty list/);
    expect(productError('vendor: V\nproduct: P\nversion: "1"\ncontact: c\nurl: ftp://x\n')).toMatch(/"url" must be an http\(s\) URL/);
  });
});

describe('the manifest', () => {
  it('lists every file below the folder in sha256sum format, sorted, without itself or its signature', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    writeFileSync(join(dir, 'b.txt'), 'b');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.txt'), 'a');
    writeFileSync(join(dir, 'MANIFEST.sha256'), 'old');
    writeFileSync(join(dir, 'MANIFEST.sha256.sig'), 'old');
    const text = buildManifest(dir);
    expect(text).toBe([
      '3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.txt',
      'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  sub/a.txt',
      '',
    ].join('\n'));
    const parsed = parseManifest(`${text}not a line\n`);
    expect(parsed.entries.map((entry) => entry.file)).toEqual(['b.txt', 'sub/a.txt']);
    expect(parsed.malformed).toEqual([{ line: 3, text: 'not a line' }]);
  });

  it('tells names that would leave the bundle folder', () => {
    for (const name of ['../x', '/etc/passwd', 'a/../../b', 'a//b', 'C:x', 'a\\b']) expect(escapesBundle(name), name).toBe(true);
    for (const name of ['summary.json', 'allure/index.html']) expect(escapesBundle(name), name).toBe(false);
  });
});

describe('Ed25519 signatures of the manifest', () => {
  it('verify with the pair, fail with another key or altered data, and tell a malformed signature', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const pair = generateSigningKeys();
    const other = generateSigningKeys();
    for (const [name, pem] of [['k.key.pem', pair.privatePem], ['k.pub.pem', pair.publicPem], ['o.pub.pem', other.publicPem]] as const) writeFileSync(join(dir, name), pem);
    const data = Buffer.from('abc  summary.json\n');
    const signature = signDetached(data, readPrivateKey(join(dir, 'k.key.pem')));
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    expect(verifyDetached(data, signature, readPublicKey(join(dir, 'k.pub.pem')))).toBe('valid');
    expect(verifyDetached(data, signature, readPublicKey(join(dir, 'o.pub.pem')))).toBe('invalid');
    expect(verifyDetached(Buffer.from('abd  summary.json\n'), signature, readPublicKey(join(dir, 'k.pub.pem')))).toBe('invalid');
    expect(verifyDetached(data, 'not base64!', readPublicKey(join(dir, 'k.pub.pem')))).toBe('malformed');
    expect(verifyDetached(data, 'QUJD', readPublicKey(join(dir, 'k.pub.pem')))).toBe('malformed');
  });

  it('refuses keys it cannot use as usage errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const pair = generateSigningKeys();
    writeFileSync(join(dir, 'k.key.pem'), pair.privatePem);
    writeFileSync(join(dir, 'junk.pem'), 'junk');
    expect(() => readPublicKey(join(dir, 'k.key.pem'))).toThrow(/this is a private key; give the public key/);
    expect(() => readPublicKey(join(dir, 'missing.pem'))).toThrow(/--pub .*missing\.pem: cannot read the key \(ENOENT\)/);
    expect(() => readPrivateKey(join(dir, 'junk.pem'))).toThrow(/--sign-key .*junk\.pem: not a PEM private key/);
    expect(() => readPublicKey(join(dir, 'junk.pem'))).toThrow(UsageError);
  });
});

describe('REPRODUCE.md', () => {
  const summary: Summary = {
    tool: { name: 'conformance', version: '0.1.0' }, seed: 7, startedAt: '2025-01-01T00:00:00.000Z', durationMs: 5,
    targets: { ontap: { url: 'https://cluster.example', version: '9.14.1', mode: 'svm' } }, verdict: 'fail',
    counts: { passed: 0, failed: 1, skipped: 0 },
    checks: [{ id: 'ontap.sessions.filter.matches-oracle', title: 'A filtered GET returns exactly the matching records', api: 'ontap', operation: 'GET /x', status: 'failed', reason: 'got 3 records, expected 2\nseed: 7', requirement: 'r', reproduce: "curl -u 'admin:<redacted>' https://cluster.example/api/x" }],
  };
  const plan: CertificationPlan = {
    product: { vendor: 'V', product: 'P', version: '1', contact: ['c'] },
    productFile: 'product.yaml',
    argv: ['run', '--profile', 'certification', '--product', 'product.yaml', '--ontap-url', 'https://cluster.example', '--ontap-user', 'admin', '--seed', '7'],
    settings: [
      { flag: '--ontap-url', value: 'https://cluster.example', source: 'cli', env: 'CONFORMANCE_ONTAP_URL' },
      { flag: '--ontap-user', value: 'admin', source: 'cli', env: 'CONFORMANCE_ONTAP_USER' },
      { flag: '--insecure', value: true, source: 'env', env: 'CONFORMANCE_INSECURE' },
      { flag: '--seed', value: '7', source: 'cli', env: 'CONFORMANCE_SEED' },
      { flag: '--runs', value: '25', source: 'default', env: 'CONFORMANCE_RUNS' },
      { flag: '--out', value: 'reports', source: 'default', env: 'CONFORMANCE_OUT' },
      { flag: '--profile', value: 'certification', source: 'cli', env: 'CONFORMANCE_PROFILE' },
      { flag: '--product', value: 'product.yaml', source: 'cli', env: 'CONFORMANCE_PRODUCT' },
      { flag: '--sign-key', value: 'k.key.pem', source: 'cli', env: 'CONFORMANCE_SIGN_KEY' },
    ],
    passwordVariables: ['CONFORMANCE_ONTAP_PASSWORD'],
  };

  it('gives the command as typed, a replay with seed and case count explicit, the configuration and each failure\'s replay', () => {
    const text = reproduceMarkdown({ plan, summary, tool: 'conformance' });
    expect(text).toContain('npx conformance run --profile certification --product product.yaml --ontap-url https://cluster.example --ontap-user admin --seed 7');
    expect(text).toContain('export CONFORMANCE_INSECURE=true');
    expect(text).toContain("export CONFORMANCE_ONTAP_PASSWORD='…'   # was set; its value is not recorded");
    expect(text).toContain('npx conformance run --ontap-url https://cluster.example --ontap-user admin --insecure --seed 7 --runs 25 --profile certification --product product.yaml --checks ontap.sessions.filter.matches-oracle');
    expect(text).toContain('| `--runs` | `25` | default |');
    expect(text).toContain('| `CONFORMANCE_ONTAP_PASSWORD` | set, not recorded | environment |');
    expect(text).toContain("curl -u 'admin:<redacted>'");
    // The replay is unsigned: a reviewer has no private key.
    expect(text.split('## The same run')[1]!.split('## Configuration')[0]).not.toContain('--sign-key');
  });

  it('quotes words for the shell only when they need it', () => {
    expect(shellWord('ontap.sessions.*')).toBe("'ontap.sessions.*'");
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(shellWord('https://h:1/x')).toBe('https://h:1/x');
  });
});
