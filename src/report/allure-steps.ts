import * as allure from 'allure-js-commons';
import type { ExchangeObserver, ExchangeRecord } from '../client/http.ts';
import { redactText } from '../client/redact.ts';

/** The largest response body attached to a step, in characters; the rest is cut and its size named. */
export const MAX_ATTACHED_BODY = 8 * 1024;
/** Exchanges shown with their own step at the start of a check, and at its end (where a failure usually is). */
export const HEAD_STEPS = 10;
export const TAIL_STEPS = 10;

/**
 * Redaction looks this far past the cut, so that a secret straddling it is removed whole before the cut: no
 * password, token or Basic credential is longer.
 */
const REDACTION_MARGIN = 4096;

/** One HTTP exchange as a step shows it: everything in it is already redacted and bounded. */
export interface ExchangeStep {
  /** `GET /api/protocols/ndmp/sessions?fields=* → 200`, or `… → no answer`. */
  title: string;
  durationMs: number;
  status?: number;
  /** Why no whole answer came. */
  error?: string;
  /** The answer's media type, without parameters. */
  contentType?: string;
  /** The answer's body, redacted, then cut at MAX_ATTACHED_BODY. */
  body?: string;
  curl: string;
}

/** What a check's exchanges come to: the steps shown, and a tally of those in between that are not. */
export interface ExchangeSteps {
  head: ExchangeStep[];
  /** Exchanges between head and tail: counted by status (or "no answer"), not shown one by one. */
  omitted: { count: number; statuses: Record<string, number> };
  tail: ExchangeStep[];
}

/** The request line of an exchange: method, then path and query (no scheme or host: ports change between runs). */
export function requestLine(method: string, url: string): string {
  let path = url;
  try {
    const parsed = new URL(url);
    path = `${parsed.pathname}${readable(parsed.search)}`;
  } catch {
    // Not absolute: shown as given.
  }
  return `${method} ${path}`;
}

/**
 * A query as a person writes it (`fields=a,b`), each name and value decoded; left encoded when a decoded part
 * would hold `&`, `=` or `#` (the line would read as another query). The curl line keeps the exact URL.
 */
function readable(search: string): string {
  if (search.length <= 1) return search;
  try {
    const pairs = search.slice(1).split('&').map((pair) => pair.split('=').map((piece) => decodeURIComponent(piece.replace(/\+/g, ' '))));
    if (pairs.some((pieces) => pieces.some((piece) => /[&=#]/.test(piece)))) return search;
    return `?${pairs.map((pieces) => pieces.join('=')).join('&')}`;
  } catch {
    return search;
  }
}

/** Redacts first, then cuts: the cut can never leave part of a secret behind. */
export function boundedBody(text: string, secrets: readonly string[] = [], max = MAX_ATTACHED_BODY): string {
  const safe = redactText(text.length > max + REDACTION_MARGIN ? text.slice(0, max + REDACTION_MARGIN) : text, secrets);
  return safe.length > max || text.length > max + REDACTION_MARGIN ? `${safe.slice(0, max)}\n… (cut at ${max} of ${text.length} characters)` : safe;
}

/** The step of one exchange, redacted and bounded as it is recorded (nothing unredacted is kept). */
export function exchangeStep(record: ExchangeRecord, secrets: readonly string[] = []): ExchangeStep {
  const line = redactText(requestLine(record.method, record.url), secrets);
  const shortLine = line.length > 300 ? `${line.slice(0, 300)}…` : line;
  const step: ExchangeStep = { title: '', durationMs: record.durationMs, curl: redactText(record.curl, secrets) };
  if (record.answer) {
    step.status = record.answer.status;
    step.title = `${shortLine} → ${record.answer.status}`;
    const type = record.answer.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type) step.contentType = type;
    if (record.answer.text !== '') step.body = boundedBody(record.answer.text, secrets);
  } else {
    step.error = redactText(record.error ?? 'no answer', secrets);
    step.title = `${shortLine} → no answer`;
  }
  return step;
}

/**
 * Collects the HTTP exchanges of one check, for its Allure steps. Memory stays bounded whatever the check does:
 * the first HEAD_STEPS and the last TAIL_STEPS exchanges are kept (redacted and cut as they arrive), those in
 * between only counted.
 */
export class ExchangeLog {
  private readonly head: ExchangeStep[] = [];
  private readonly tail: ExchangeStep[] = [];
  private readonly statuses: Record<string, number> = {};
  private omittedCount = 0;

  /** `secrets` are removed besides the process-wide registered ones (redact.ts). */
  constructor(private readonly secrets: () => readonly string[] = () => []) {}

  /** The observer to run the check under (`observeExchanges`). */
  readonly observe: ExchangeObserver = (record) => this.add(record);

  add(record: ExchangeRecord): void {
    const step = exchangeStep(record, this.secrets());
    if (this.head.length < HEAD_STEPS) {
      this.head.push(step);
      return;
    }
    this.tail.push(step);
    if (this.tail.length > TAIL_STEPS) {
      const dropped = this.tail.shift()!;
      this.omittedCount++;
      const key = dropped.status === undefined ? 'no answer' : String(dropped.status);
      this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    }
  }

  steps(): ExchangeSteps {
    return { head: [...this.head], omitted: { count: this.omittedCount, statuses: { ...this.statuses } }, tail: [...this.tail] };
  }
}

/** The Allure media type of an answer: what Allure renders as code (JSON, XML), else plain text. */
function attachmentType(contentType: string | undefined): { contentType: string; fileExtension: string } {
  if (contentType && /[/+]json$/.test(contentType)) return { contentType: 'application/json', fileExtension: 'json' };
  if (contentType && /[/+]xml$/.test(contentType)) return { contentType: 'application/xml', fileExtension: 'xml' };
  if (contentType === 'text/html') return { contentType: 'text/plain', fileExtension: 'html.txt' };
  return { contentType: 'text/plain', fileExtension: 'txt' };
}

/** An exchange without a whole answer: its step is broken, with the reason as its message. */
class NoAnswer extends Error {
  override name = 'NoAnswer';
}

async function emitStep(step: ExchangeStep): Promise<void> {
  try {
    await allure.step(step.title, async (context) => {
      await context.parameter('duration', `${step.durationMs} ms`);
      if (step.contentType) await context.parameter('content-type', step.contentType);
      if (step.body !== undefined) await allure.attachment('response body', step.body, attachmentType(step.contentType));
      await allure.attachment('curl', step.curl, { contentType: 'text/plain', fileExtension: 'sh' });
      if (step.error !== undefined) throw new NoAnswer(step.error);
    });
  } catch (error) {
    if (!(error instanceof NoAnswer)) throw error;
  }
}

/**
 * Emits a check's exchanges as Allure steps, one per exchange, in the order they were made: request line and
 * status as the step's name, the response body and the curl line attached. Called once the check has ended, so
 * that exchanges made side by side within a check never interleave their steps. Assertions get no steps.
 */
export async function emitExchangeSteps(log: ExchangeLog): Promise<void> {
  const { head, omitted, tail } = log.steps();
  for (const step of head) await emitStep(step);
  if (omitted.count > 0) {
    const tally = Object.entries(omitted.statuses).map(([status, n]) => `${n}× ${status}`).join(', ');
    await allure.logStep(`… ${omitted.count} more exchanges, not shown one by one (${tally})`);
  }
  for (const step of tail) await emitStep(step);
}
