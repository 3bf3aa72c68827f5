import autocannon from 'autocannon';
import { BASIC_AUTH } from './credentials.ts';
import type { EmulatorChild } from './emulator-child.ts';

/** The path of the raw-rate figure: one page of 20 whole records. */
export const RAW_RATE_PATH = '/api/protocols/ndmp/sessions?fields=*&max_records=20';

export interface RawRate {
  path: string;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  /** Requests the emulator counted during the load, and how many answers were not 2xx or failed. */
  counted: number;
  errors: number;
  p99Ms: number;
}

/** (a) How fast the emulator answers when nothing but answering is asked of it: autocannon, 8 connections, 10 s. */
export async function measureRawRate(emulator: EmulatorChild, seconds = 10, connections = 8): Promise<RawRate> {
  const before = (await emulator.stats()).requests;
  const result = await autocannon({ url: `${emulator.url}${RAW_RATE_PATH}`, connections, duration: seconds, headers: { authorization: BASIC_AUTH } });
  const counted = (await emulator.stats()).requests - before;
  return {
    path: RAW_RATE_PATH, connections, seconds,
    requestsPerSecond: result.requests.total / result.duration,
    counted, errors: result.errors + result.non2xx, p99Ms: result.latency.p99,
  };
}
