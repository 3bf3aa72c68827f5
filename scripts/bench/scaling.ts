import { OntapClient } from '../../src/client/ontap-client.ts';
import { walkPages } from '../../src/checks/expect.ts';
import { createValidators, loadSpec } from '../../src/spec/index.ts';
import { ADMIN } from './credentials.ts';
import { startEmulatorChild } from './emulator-child.ts';

export interface ScalingPoint {
  sessions: number;
  /** Start-up of the emulator process (dataset, spec, listening), not part of the walk. */
  startMs: number;
  /** Walking every page of `max_records=1000&fields=*` and validating each one against the spec's schema. */
  walkMs: number;
  pages: number;
  records: number;
  /** The emulator's RSS after the walk, and its peak over its whole life. */
  rss: number;
  peakRss: number;
  /** With measureScaling: how many emulators were measured and each one's walk. */
  repeats?: number;
  walksMs?: number[];
}

/**
 * (d) One emulator process with `sessions` sessions: the time the suite's own walk (`walkPages`: `_links.next`, a
 * bounded walk, every answer's status and media type) takes to read and verify every record — each page validated
 * by the project's ajv validators, every record counted once — and the emulator's memory. The first walk of a
 * fresh emulator, so that rendering the records it serves is part of it.
 */
export async function measureScalingPoint(sessions: number): Promise<ScalingPoint> {
  const emulator = await startEmulatorChild({ sessions });
  const client = new OntapClient({ baseUrl: emulator.url, credentials: ADMIN, limits: { maxBodyBytes: 1 << 30 } });
  try {
    const validate = createValidators(await loadSpec())('ndmp_session_collection_get');
    const seen = new Set<string>();
    let pages = 0;
    const started = performance.now();
    await walkPages(client, '/protocols/ndmp/sessions', { fields: '*', max_records: 1000 }, (_res, body, records) => {
      pages++;
      const result = validate(body);
      if (!result.valid) throw new Error(`page ${pages} does not match the schema: ${result.errors.slice(0, 3).join('; ')}`);
      for (const record of records) seen.add(`${String((record.svm as { uuid?: string } | undefined)?.uuid)}/${String(record.id)}`);
    });
    const walkMs = performance.now() - started;
    if (seen.size !== sessions) throw new Error(`the walk saw ${seen.size} distinct sessions of ${sessions}`);
    const stats = await emulator.stats();
    return { sessions, startMs: emulator.startMs, walkMs, pages, records: seen.size, rss: stats.rss, peakRss: stats.maxRss };
  } finally {
    await client.close();
    await emulator.close();
  }
}

/**
 * (d) `repeats` fresh emulators of each size, sizes interleaved so that a burst of load on a shared machine does not
 * fall on one size only; per size the median walk and the highest RSS figures.
 */
export async function measureScaling(sizes: readonly number[], repeats = 3, say: (line: string) => void = () => undefined): Promise<ScalingPoint[]> {
  const runs = new Map<number, ScalingPoint[]>(sizes.map((size) => [size, []]));
  for (let round = 1; round <= repeats; round++) {
    for (const sessions of sizes) {
      say(`(d) walk and verify ${sessions} sessions (${round}/${repeats}) ...`);
      runs.get(sessions)!.push(await measureScalingPoint(sessions));
    }
  }
  return sizes.map((sessions) => {
    const points = [...runs.get(sessions)!].sort((a, b) => a.walkMs - b.walkMs);
    const median = points[Math.floor(points.length / 2)]!;
    return { ...median, repeats: points.length, walksMs: runs.get(sessions)!.map((point) => Math.round(point.walkMs)), rss: Math.max(...points.map((p) => p.rss)), peakRss: Math.max(...points.map((p) => p.peakRss)) };
  });
}
