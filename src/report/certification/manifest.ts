import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** The manifest of a bundle: one line per file, in `sha256sum` format, so `sha256sum -c MANIFEST.sha256` works too. */
export const MANIFEST_FILE = 'MANIFEST.sha256';
/** The detached Ed25519 signature of the manifest's bytes, in base64 (one line). */
export const SIGNATURE_FILE = `${MANIFEST_FILE}.sig`;

/** Files of a bundle that the manifest cannot list: itself and its signature. */
const OUTSIDE_MANIFEST = new Set([MANIFEST_FILE, SIGNATURE_FILE]);

export interface ManifestEntry {
  sha256: string;
  /** Relative to the bundle folder, `/`-separated. */
  file: string;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every entry of a folder below `dir` except the manifest and its signature, relative and sorted (code-point order). */
export function bundleEntries(dir: string): Array<{ file: string; regular: boolean }> {
  const found: Array<{ file: string; regular: boolean }> = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative))) {
      const file = relative ? posix.join(relative, name) : name;
      const stat = lstatSync(join(dir, file));
      if (stat.isDirectory()) walk(file);
      else if (!OUTSIDE_MANIFEST.has(file)) found.push({ file, regular: stat.isFile() });
    }
  };
  walk('');
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The manifest text of every file in `dir`: `<sha256>  <file>` per line, as `sha256sum` writes it. */
export function buildManifest(dir: string): string {
  return bundleEntries(dir).map(({ file, regular }) => {
    // The bundle writer makes only plain files with plain names; anything else is our bug.
    if (!regular || /[\\\n\r]/.test(file)) throw new Error(`cannot list ${file} in ${MANIFEST_FILE}: not a plain file with a plain name`);
    return `${sha256File(join(dir, file))}  ${file}\n`;
  }).join('');
}

/** A parsed manifest: its entries, and the lines that are not `<sha256>  <file>`. */
export function parseManifest(text: string): { entries: ManifestEntry[]; malformed: Array<{ line: number; text: string }> } {
  const entries: ManifestEntry[] = [];
  const malformed: Array<{ line: number; text: string }> = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    // sha256sum writes "  " (text mode) or " *" (binary mode) between the digest and the name.
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match) entries.push({ sha256: match[1]!, file: match[2]! });
    else malformed.push({ line: index + 1, text: line });
  });
  return { entries, malformed };
}

/** A manifest file name that would leave the bundle folder (absolute, `..`, empty parts). */
export function escapesBundle(file: string): boolean {
  return file.startsWith('/') || file.split('/').some((part) => part === '..' || part === '' || part === '.') || /^[A-Za-z]:/.test(file) || file.includes('\\');
}
