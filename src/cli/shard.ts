import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './usage-error.ts';

/** `--shard i/n`: this runner runs the i-th of n parts of every API's suite files (vitest's own split). */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard expects i/n with 1 <= i <= n (e.g. 2/4), got "${value}"`);
  return { index, count };
}

/** Where a shard keeps vitest's blob report of one pass of one API, under its --out folder. */
export function blobFile(out: string, api: string, pass: number, shard: Shard): string {
  return join(out, 'shard', 'blobs', `${api}-${pass}`, `blob-${shard.index}-${shard.count}.json`);
}

/** What a shard ran, beside its blobs: what `conformance merge` needs to account for the whole plan. */
export interface ShardRecord {
  tool: { name: string; version: string };
  seed: number;
  runs: number;
  startedAt: string;
  durationMs: number;
  shard: Shard;
  /** Per API, in run order: the whole plan, the number of passes and the summary target of each pass. */
  apis: Array<{ name: string; plan: string[]; passes: number; targets: Array<Record<string, string>> }>;
  stopped?: string;
}

export function writeShardRecord(out: string, record: ShardRecord): void {
  mkdirSync(join(out, 'shard'), { recursive: true });
  writeFileSync(join(out, 'shard', 'shard.json'), `${JSON.stringify(record, null, 2)}\n`);
}

export function readShardRecord(dir: string): ShardRecord {
  const file = join(dir, 'shard', 'shard.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${dir} holds no shard result (${file} is missing): give the --out folders of \`conformance run --shard i/n\``);
  }
  try {
    return JSON.parse(text) as ShardRecord;
  } catch {
    throw new UsageError(`${file} is not a shard record (not JSON)`);
  }
}
