import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateSigningKeys, keyFingerprint, readPublicKey } from '../report/certification/index.ts';
import { UsageError } from './usage-error.ts';

/**
 * `conformance keygen --out PREFIX`: a new Ed25519 pair for signing certification bundles, PREFIX.key.pem
 * (private, PKCS #8, mode 0600) and PREFIX.pub.pem (public, SPKI). Existing files are kept unless --force.
 */
export function registerKeygenCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('keygen')
    .description('make an Ed25519 key pair for signing certification bundles: PREFIX.key.pem (private, 0600) and PREFIX.pub.pem')
    .requiredOption('--out <prefix>', 'path prefix of the two key files')
    .option('--force', 'overwrite existing key files')
    .action((flags: { out: string; force?: boolean }) => {
      const privatePath = `${flags.out}.key.pem`;
      const publicPath = `${flags.out}.pub.pem`;
      for (const path of [privatePath, publicPath]) {
        if (existsSync(path) && !flags.force) throw new UsageError(`${path} exists: keep it, choose another --out, or give --force`);
      }
      const { privatePem, publicPem } = generateSigningKeys();
      try {
        writeFileSync(privatePath, privatePem, { mode: 0o600 });
        // The mode of writeFileSync applies to new files only (and under the umask): set it in any case.
        chmodSync(privatePath, 0o600);
        writeFileSync(publicPath, publicPem, { mode: 0o644 });
      } catch (error) {
        throw new UsageError(`cannot write the key files at ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      console.log(`private key: ${privatePath} (mode 0600; sign with: conformance run --profile certification --sign-key ${privatePath} …)`);
      console.log(`public key:  ${publicPath} (give it to reviewers: conformance verify DIR --pub ${publicPath})`);
      console.log(`fingerprint: ${keyFingerprint(readPublicKey(publicPath))}`);
      done(Promise.resolve(0));
    });
}
