import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../cli/usage-error.ts';

/**
 * Ed25519 signatures of a bundle's manifest with node:crypto: a detached signature of the manifest's bytes,
 * base64 on one line. The same signature verifies with OpenSSL:
 * `base64 -d MANIFEST.sha256.sig > sig.bin && openssl pkeyutl -verify -pubin -inkey KEY.pub.pem -rawin -in MANIFEST.sha256 -sigfile sig.bin`.
 */

/** A new Ed25519 key pair as PEM: the private key in PKCS #8, the public key in SPKI. */
export function generateSigningKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function readPem(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot read the key (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The Ed25519 private key of `--sign-key FILE`; a UsageError when it cannot be read or is not one. */
export function readPrivateKey(path: string, flag = '--sign-key'): KeyObject {
  const pem = readPem(flag, path);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    const why = /passphrase/i.test((error as Error).message) ? 'the key is encrypted (give an unencrypted PKCS #8 key, as `conformance keygen` makes)' : 'not a PEM private key';
    throw new UsageError(`${flag} ${path}: ${why}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${flag} ${path}: an ${key.asymmetricKeyType ?? 'unknown'} key, expected Ed25519 (make one with: conformance keygen --out PREFIX)`);
  return key;
}

/** The Ed25519 public key of `--pub FILE`; a UsageError when it cannot be read, is a private key, or is not Ed25519. */
export function readPublicKey(path: string, flag = '--pub'): KeyObject {
  const pem = readPem(flag, path);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new UsageError(`${flag} ${path}: this is a private key; give the public key (the .pub.pem file of the pair)`);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new UsageError(`${flag} ${path}: not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${flag} ${path}: an ${key.asymmetricKeyType ?? 'unknown'} key, expected Ed25519`);
  return key;
}

/** `SHA256:<base64>` of the public key's DER (SPKI): names the key in the console and the report. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return `SHA256:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64').replace(/=+$/, '')}`;
}

/** The signature file's text for `data`: base64 of the Ed25519 signature, one line. */
export function signDetached(data: Buffer, key: KeyObject): string {
  return `${sign(null, data, key).toString('base64')}\n`;
}

/** Whether a signature file's text is a valid Ed25519 signature of `data` by `key`; `malformed` when it is not even a signature. */
export function verifyDetached(data: Buffer, signatureText: string, key: KeyObject): 'valid' | 'invalid' | 'malformed' {
  const text = signatureText.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return 'malformed';
  const signature = Buffer.from(text, 'base64');
  if (signature.length !== 64) return 'malformed';
  return verify(null, data, key, signature) ? 'valid' : 'invalid';
}
