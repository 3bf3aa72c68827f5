/**
 * Errors of an HTTP exchange that did not yield a usable answer. Each has a stable `code`; all of them mean
 * "the target did not answer as HTTP should" and fail the check that asked (DESIGN.md · The outcome rule).
 */
export class TransportError extends Error {
  override name = 'TransportError';
  /** The request, when one was under way: `GET https://host/api/...`, and its curl line. */
  request?: { method: string; url: string; curl: string };
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** The whole exchange (headers and body) took longer than --request-timeout. */
export class RequestTimeoutError extends TransportError {
  override name = 'RequestTimeoutError';
  constructor(seconds: number) {
    super(`no complete answer within ${seconds} s (--request-timeout)`, 'REQUEST_TIMEOUT');
  }
}

/** The answer was larger than --max-body. */
export class ResponseTooLargeError extends TransportError {
  override name = 'ResponseTooLargeError';
  constructor(limitBytes: number, seenBytes: number, declared: boolean) {
    super(`the answer is larger than the ${formatBytes(limitBytes)} limit (--max-body): ${declared ? 'Content-Length' : 'at least'} ${formatBytes(seenBytes)}`, 'BODY_TOO_LARGE');
  }
}

/** The target kept answering 429/503 after the bounded number of retries, or asked for too long a wait. */
export class ThrottledError extends TransportError {
  override name = 'ThrottledError';
  constructor(message: string) {
    super(message, 'THROTTLED');
  }
}

/** The request was abandoned because the check or the run was stopped (its signal's reason says why). */
export class RequestAbortedError extends TransportError {
  override name = 'RequestAbortedError';
  constructor(reason: string) {
    super(`request abandoned: ${reason}`, 'ABORTED');
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(bytes % (1 << 20) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(0)} KB`;
  return `${bytes} bytes`;
}
