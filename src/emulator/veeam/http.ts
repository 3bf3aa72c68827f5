import type { IncomingMessage, ServerResponse } from 'node:http';
import { attr, int, node, str, value, type VNode } from './model.ts';
import { toJson, toXml, type RenderFaults } from './representation.ts';

/** An EM error answer: thrown by handlers, rendered once by the server as an `Error` document. */
export class VeeamHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** What a handler answers: a status, an optional document and extra headers. */
export interface Reply {
  status: number;
  body?: VNode;
  headers?: Record<string, string>;
}

/**
 * The `Error` document (veeam-em.md · Errors). `Status` is left absent, so JSON shows `"Status":null` as in
 * the documented JSON example, and the optional children are absent (null in JSON).
 */
export function errorDocument(status: number, message: string): VNode {
  return node('Error', [attr('Message', str(message)), attr('StatusCode', int(status)), attr('Status', str(undefined))], [
    value('FirstChanceExceptionMessage', str(undefined)),
    value('StackTrace', str(undefined)),
  ]);
}

interface MediaRange {
  type: string;
  q: number;
  order: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').map((part, order) => {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    return { type, q: Number.isFinite(weight) ? weight : 0, order };
  });
}

/**
 * XML unless the client asks for JSON (veeam-em.md · Representations): an explicit `application/json` wins
 * over wildcards; against an explicit `application/xml` the higher q wins, a tie goes to the one listed first.
 * Nothing acceptable (`text/html` alone) still gets XML: no 406 is documented.
 */
export function wantsJson(req: IncomingMessage, jsonByDefault: boolean): boolean {
  const accept = req.headers.accept;
  if (!accept || accept.trim() === '') return jsonByDefault;
  const ranges = mediaRanges(accept);
  const best = (types: string[]) => ranges.filter((r) => types.includes(r.type) && r.q > 0).sort((a, b) => b.q - a.q || a.order - b.order)[0];
  const json = best(['application/json']);
  const xml = best(['application/xml', 'text/xml']);
  if (json && (!xml || json.q > xml.q || (json.q === xml.q && json.order < xml.order))) return true;
  if (xml) return false;
  return jsonByDefault && ranges.some((r) => (r.type === '*/*' || r.type === 'application/*') && r.q > 0);
}

/**
 * Content types carry `; charset=utf-8`: the bodies are UTF-8 (names may be non-ASCII) and EM's IIS host
 * sends the parameter too; clients compare the media type without parameters.
 */
export const XML_TYPE = 'application/xml; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

export interface SendContext {
  faults: RenderFaults;
  now: number;
}

/** Writes a reply: the document in the negotiated form, Content-Length, and a Date from the emulator's clock. */
export function send(req: IncomingMessage, res: ServerResponse, reply: Reply, ctx: SendContext): void {
  const headers: Record<string, string | number> = { date: new Date(ctx.now).toUTCString(), ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const json = wantsJson(req, ctx.faults.has('veeam-json-by-default'));
  const text = json ? toJson(reply.body, ctx.faults) : toXml(reply.body, ctx.faults);
  res.writeHead(reply.status, { ...headers, 'content-type': json ? JSON_TYPE : XML_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes an error answer: an `Error` document, or with the fault a bare text message. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: VeeamHttpError, status: number, ctx: SendContext): void {
  if (ctx.faults.has('veeam-error-not-error-document')) {
    const text = `${error.message}\n`;
    res.writeHead(status, { date: new Date(ctx.now).toUTCString(), ...error.headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  send(req, res, { status, body: errorDocument(status, error.message), headers: error.headers }, ctx);
}

const MAX_BODY = 1 << 20;

/** Reads and discards a request body (logon bodies are ignored); more than 1 MiB is a bad request, not a crash. */
export async function drainBody(req: IncomingMessage): Promise<void> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new VeeamHttpError(400, 'The request body is too large.');
  }
}
