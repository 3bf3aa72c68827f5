/**
 * Deadlines and limits of the HTTP exchanges with a target. The defaults suit a real cluster: ONTAP's own
 * return_timeout for a GET is 15 s (at most 120 s), and its NDMP collections hold thousands of records at most.
 */
export interface ExchangeLimits {
  /** Bounds a whole exchange, headers and body (not only idle time). */
  requestTimeoutMs: number;
  /** A larger answer fails the check that asked. */
  maxBodyBytes: number;
  /** How many times a 429, or a 503 with Retry-After, is waited out before the check fails. */
  maxRetries: number;
  /** The longest Retry-After the suite waits out; a longer one fails the check at once. */
  maxRetryWaitMs: number;
  /** Paces the requests of the run (0 = no pacing). */
  maxRps: number;
}

export const DEFAULT_LIMITS: ExchangeLimits = {
  requestTimeoutMs: 60_000,
  maxBodyBytes: 64 << 20,
  maxRetries: 3,
  maxRetryWaitMs: 30_000,
  maxRps: 0,
};

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Spaces requests at least 1/maxRps apart, in the order they ask. */
export class Pacer {
  private next = 0;

  constructor(private readonly maxRps: number) {}

  async wait(signal?: AbortSignal): Promise<void> {
    if (this.maxRps <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.maxRps;
    if (at > now) await sleep(at - now, signal);
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
