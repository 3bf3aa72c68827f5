import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { TargetError } from './target-error.ts';

/**
 * `--ca` must name a readable file holding a PEM certificate: a directory, an unreadable file or one without a
 * certificate is an error of the command line (exit 2), never silently ignored. Returns the absolute path.
 */
export function checkCaFile(file: string): string {
  let pem: string;
  try {
    if (!statSync(file).isFile()) throw new TargetError(`--ca: ${file} is not a file`);
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof TargetError) throw error;
    throw new TargetError(`--ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM block');
    new X509Certificate(pem);
  } catch {
    throw new TargetError(`--ca: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE----- ...)`);
  }
  return resolve(file);
}
