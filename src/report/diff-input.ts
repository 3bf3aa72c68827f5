import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from './summary.ts';

/** A summary.json that cannot be read or is not one of this tool's: one line, exit code 2 in the CLI. */
export class SummaryInputError extends Error {
  override name = 'SummaryInputError';
  readonly code = 'SUMMARY_UNREADABLE';
}

/** A run read back from disk, and the file it came from. */
export interface LoadedSummary {
  /** The summary.json file actually read. */
  file: string;
  summary: Summary;
}

/**
 * Reads the summary of a run from a summary.json file, or from a folder holding one: the `--out` folder of a run
 * (`DIR/summary.json`) or of a certification run (`DIR/certification/summary.json`).
 *
 * @remarks Only `checks` (each with an `id` and a `status`) is required: `diff`, `table` and `run --baseline` match
 * checks by id, and read the rest (targets, counts, seed) where it is present.
 */
export function readSummaryInput(path: string): LoadedSummary {
  const file = summaryFileOf(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SummaryInputError(`cannot read ${file}`);
  }
  let summary: Summary;
  try {
    summary = JSON.parse(text) as Summary;
  } catch {
    throw new SummaryInputError(`${file} is not a summary.json of this tool (not JSON)`);
  }
  const wellFormed = typeof summary === 'object' && summary !== null && Array.isArray(summary.checks)
    && summary.checks.every((check) => typeof check?.id === 'string' && typeof check.status === 'string');
  if (!wellFormed) throw new SummaryInputError(`${file} is not a summary.json of this tool (no checks with an id and a status)`);
  return { file, summary };
}

function summaryFileOf(path: string): string {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new SummaryInputError(`cannot read ${path}: no such file or folder`);
  }
  if (!isFolder) return path;
  for (const file of [join(path, 'summary.json'), join(path, 'certification', 'summary.json')]) if (existsSync(file)) return file;
  throw new SummaryInputError(`${path} holds no summary.json (nor certification/summary.json)`);
}
