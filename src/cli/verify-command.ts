import type { Command } from 'commander';
import { formatVerifyResult, verifyBundle } from '../report/certification/index.ts';

/**
 * `conformance verify DIR [--pub KEY.pem]`: checks a certification bundle. Exit 0 when every checksum holds, no
 * file is missing or added and (with --pub) the signature is valid; 1 with one line per problem; 2 when the
 * folder or the key cannot be read.
 */
export function registerVerifyCommand(program: Command, done: (code: Promise<number>) => void): void {
  program
    .command('verify')
    .description('check a certification bundle: every checksum of MANIFEST.sha256, no file missing or added, and the signature with --pub')
    .argument('<dir>', 'the bundle folder (OUT/certification, or the run\'s OUT folder)')
    .option('--pub <pem>', 'Ed25519 public key (conformance keygen) that must have signed MANIFEST.sha256')
    .action((dir: string, flags: { pub?: string }) => {
      const result = verifyBundle(dir, flags.pub);
      for (const line of formatVerifyResult(result)) console.log(line);
      done(Promise.resolve(result.problems.length === 0 ? 0 : 1));
    });
}
