import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../cli/usage-error.ts';
import { BUNDLE_DIR } from './bundle.ts';
import { bundleEntries, escapesBundle, MANIFEST_FILE, parseManifest, sha256File, SIGNATURE_FILE } from './manifest.ts';
import { keyFingerprint, readPublicKey, verifyDetached } from './signing.ts';

/** One thing wrong with a bundle: a stable kind and the sentence that explains it. */
export interface BundleProblem {
  kind: 'no-manifest' | 'malformed-manifest' | 'outside' | 'modified' | 'missing' | 'added' | 'not-a-file' | 'unsigned' | 'bad-signature';
  file: string;
  message: string;
}

export interface VerifyResult {
  /** The bundle folder that was checked. */
  dir: string;
  /** Files the manifest lists whose checksum matches. */
  matched: number;
  problems: BundleProblem[];
  /** The state of the signature: checked and valid, present but not checked, or none. */
  signature: { state: 'valid' } | { state: 'unchecked' } | { state: 'none' } | { state: 'invalid' };
  /** The fingerprint of the --pub key, when one was given. */
  key?: string;
}

/**
 * The bundle folder `dir` names: the folder itself when it holds a manifest, else its `certification/`
 * subfolder when that holds one (`conformance verify reports` checks reports/certification).
 */
export function bundleFolder(dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: no such folder (give the bundle folder, e.g. reports/certification)`);
  if (!existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, BUNDLE_DIR, MANIFEST_FILE))) return join(dir, BUNDLE_DIR);
  return dir;
}

/**
 * Checks a certification bundle: every file the manifest lists is there with its checksum, no file is there that
 * it does not list, and — with `pubPath` — MANIFEST.sha256.sig is a valid Ed25519 signature of the manifest. A
 * folder that is missing or a key that cannot be read is a UsageError (exit 2); everything else is a problem.
 */
export function verifyBundle(dirArg: string, pubPath?: string): VerifyResult {
  const key = pubPath === undefined ? undefined : readPublicKey(pubPath);
  const dir = bundleFolder(dirArg);
  const problems: BundleProblem[] = [];
  const fingerprint = key ? { key: keyFingerprint(key) } : {};
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    problems.push({ kind: 'no-manifest', file: MANIFEST_FILE, message: `${MANIFEST_FILE} is missing: nothing can be checked (is ${dir} a certification bundle?)` });
    return { dir, matched: 0, problems, signature: { state: existsSync(join(dir, SIGNATURE_FILE)) ? 'unchecked' : 'none' }, ...fingerprint };
  }
  const manifestBytes = readFileSync(manifestPath);
  const { entries, malformed } = parseManifest(manifestBytes.toString('utf8'));
  for (const line of malformed) problems.push({ kind: 'malformed-manifest', file: MANIFEST_FILE, message: `${MANIFEST_FILE} line ${line.line} is not "<sha256>  <file>": ${JSON.stringify(line.text.slice(0, 80))}` });

  let matched = 0;
  const listed = new Set<string>();
  for (const entry of entries) {
    if (escapesBundle(entry.file)) {
      problems.push({ kind: 'outside', file: entry.file, message: `${MANIFEST_FILE} lists ${entry.file}, a path outside the bundle folder` });
      continue;
    }
    listed.add(entry.file);
    const path = join(dir, entry.file);
    if (!existsSync(path)) {
      problems.push({ kind: 'missing', file: entry.file, message: `missing: ${entry.file} is listed in ${MANIFEST_FILE} but is not in the bundle` });
      continue;
    }
    if (!statSync(path).isFile()) {
      problems.push({ kind: 'not-a-file', file: entry.file, message: `${entry.file} is listed in ${MANIFEST_FILE} but is not a regular file` });
      continue;
    }
    const actual = sha256File(path);
    if (actual === entry.sha256) matched++;
    else problems.push({ kind: 'modified', file: entry.file, message: `modified: ${entry.file} has sha256 ${actual}, ${MANIFEST_FILE} says ${entry.sha256}` });
  }
  for (const { file } of bundleEntries(dir)) {
    if (!listed.has(file)) problems.push({ kind: 'added', file, message: `added: ${file} is in the bundle but not listed in ${MANIFEST_FILE}` });
  }

  const signaturePath = join(dir, SIGNATURE_FILE);
  const signed = existsSync(signaturePath);
  let signature: VerifyResult['signature'] = { state: signed ? 'unchecked' : 'none' };
  if (key && !signed) {
    problems.push({ kind: 'unsigned', file: SIGNATURE_FILE, message: `--pub ${pubPath} was given, but the bundle has no ${SIGNATURE_FILE}: it was not signed, or its signature was removed` });
  } else if (key && signed) {
    const verdict = verifyDetached(manifestBytes, readFileSync(signaturePath, 'utf8'), key);
    signature = { state: verdict === 'valid' ? 'valid' : 'invalid' };
    if (verdict === 'malformed') problems.push({ kind: 'bad-signature', file: SIGNATURE_FILE, message: `${SIGNATURE_FILE} is not a base64 Ed25519 signature (64 bytes)` });
    if (verdict === 'invalid') problems.push({ kind: 'bad-signature', file: SIGNATURE_FILE, message: `${SIGNATURE_FILE} does not verify: ${MANIFEST_FILE} was not signed by the key ${fingerprint.key} (${pubPath}), or the manifest or its signature was altered` });
  }
  return { dir, matched, problems, signature, ...fingerprint };
}

/** The console lines of a verification: one per problem, then one line with the verdict. */
export function formatVerifyResult(result: VerifyResult): string[] {
  const lines = result.problems.map((problem) => `✗ ${problem.message}`);
  const signature = {
    valid: `signature valid (Ed25519, key ${result.key})`,
    invalid: 'signature INVALID',
    unchecked: `${SIGNATURE_FILE} present but NOT checked: give --pub KEY.pub.pem to verify the signature`,
    none: 'not signed',
  }[result.signature.state];
  if (result.problems.length === 0) {
    lines.push(`✓ ${result.dir}: all ${result.matched} files match ${MANIFEST_FILE}, none missing or added; ${signature}`);
  } else {
    const n = result.problems.length;
    lines.push(`${result.dir}: verification FAILED with ${n} problem${n === 1 ? '' : 's'} (${result.matched} files match ${MANIFEST_FILE}; ${signature})`);
  }
  return lines;
}
