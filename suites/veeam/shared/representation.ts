import { excerpt, fail, mustMediaType, mustStatus } from '../../../src/checks/veeam-expect.ts';
import type { VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import type { Accept, VeeamClient, VeeamResponse } from '../../../src/client/veeam-client.ts';
import {
  compareVeeamRepresentations, formatVeeamDifference, VeeamXmlMalformed, type VeeamDifferenceOptions, type VeeamJsonObject,
} from '../../../src/oracle/veeam-representation.ts';
import { veeamResponseSchema, veeamXmlRoots, type VeeamForm } from '../../../src/spec/veeam/index.ts';

/** One answer of one resource: where it is, which operation of the spec it is and which form or status. */
export interface Resource {
  path: string;
  operationId: string;
  form?: VeeamForm;
  /** The status the request must answer (default 200) and whose schema applies. */
  status?: number;
  /** Served without logon (the entry point). */
  anonymous?: boolean;
}

/** The form and the status whose schema applies: an error status the operation does not list has the default one. */
function shapeOf(ctx: VeeamCheckContext, r: Resource): { form?: VeeamForm; status?: number | 'default' } {
  const status = r.status === undefined || r.status === 200 ? undefined : ctx.operation(r.operationId).statuses.includes(r.status) ? r.status : 'default';
  return { ...(r.form ? { form: r.form } : {}), ...(status !== undefined ? { status } : {}) };
}
const clientOf = (ctx: VeeamCheckContext, r: Resource): VeeamClient => (r.anonymous ? ctx.anonymous : ctx.veeam);
const get = (ctx: VeeamCheckContext, r: Resource, accept: Accept) => clientOf(ctx, r).get(r.path, { accept, ...(r.anonymous ? { token: null } : {}) });

const ACCEPT_LABEL: Record<Accept, string> = { none: 'without an Accept header', any: 'with Accept: */*', xml: 'with Accept: application/xml', json: 'with Accept: application/json' };

/** The answer declares application/xml (parameters allowed): what EM sends unless JSON is asked for. */
function mustBeXml(res: VeeamResponse, accept: Accept): void {
  const declared = res.headers['content-type'];
  if (declared?.split(';')[0]!.trim().toLowerCase() !== 'application/xml') {
    fail(res, `XML (Content-Type: application/xml) ${ACCEPT_LABEL[accept]}`, declared ? `Content-Type: ${excerpt(declared, 100)} ${excerpt(res.text, 120)}` : 'no Content-Type');
  }
}

/**
 * Without an Accept header and with `*\/*` the resource answers XML: application/xml, well-formed, in the EM
 * namespace and valid against the XSD with the root element of its documented answer.
 */
export async function mustServeXml(ctx: VeeamCheckContext, r: Resource): Promise<void> {
  const roots = veeamXmlRoots(ctx.spec, r.operationId, shapeOf(ctx, r));
  for (const accept of ['none', 'any'] as const) {
    const res = await get(ctx, r, accept);
    mustStatus(res, r.status ?? 200);
    mustBeXml(res, accept);
    const errors = ctx.validateXml(res.text, roots);
    if (errors.length > 0) fail(res, `a well-formed <${roots.join('> or <')}> document in the EM namespace, valid against specs/veeam/enterprise-manager.xsd`, errors.slice(0, 5).join('; '));
  }
}

/** Values of a session that move while it runs: two answers a moment apart may differ there. */
const MOVING = new Set(['State', 'Result', 'Progress', 'EndTimeUTC', 'TotalSize', 'FailureMessage', 'Reason']);
/** Free text of an Error document: EM may word it per request (an ID, a trace); its presence is still judged. */
const FREE_TEXT = new Set(['Message', 'FirstChanceExceptionMessage', 'StackTrace']);

/**
 * What two answers taken a moment apart may legitimately differ in: the moving values of a session that was still
 * running (no EndTimeUTC in the XML; finished sessions never change), and the free text of an Error document.
 */
const ignore: VeeamDifferenceOptions['ignore'] = (member, xmlParent, schema) => {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  if (MOVING.has(member) && 'EndTimeUTC' in properties && xmlParent.EndTimeUTC === null) return true;
  return FREE_TEXT.has(member) && 'StatusCode' in properties && typeof xmlParent[member] === 'string';
};

/** The XML answer (Accept: application/xml), an error included: the status and media type the rule expects. */
export async function mustXmlAnswer(ctx: VeeamCheckContext, r: Resource): Promise<VeeamResponse> {
  const res = await get(ctx, r, 'xml');
  mustStatus(res, r.status ?? 200);
  mustMediaType(res, 'xml');
  return res;
}

function differences(res: VeeamResponse, json: VeeamJsonObject, r: Resource, ctx: VeeamCheckContext): Map<string, string> {
  try {
    const found = compareVeeamRepresentations(res.text, json, veeamResponseSchema(ctx.spec, r.operationId, shapeOf(ctx, r)), { ignore });
    return new Map(found.map((difference) => [difference.path, formatVeeamDifference(difference)]));
  } catch (error) {
    if (error instanceof VeeamXmlMalformed) fail(res, 'a well-formed XML document', error.message);
    throw error;
  }
}

/**
 * With Accept: application/json the resource answers application/json, valid against the spec's schema of the
 * answer and equal to its XML answer under the documented mapping, record by record. The XML is read before and,
 * when they differ, after the JSON: a point must agree with one of the two (a live server moves on between
 * requests: sessions finish, enter or leave the 30-day window), so only a point that differs from both fails.
 */
export async function mustMirrorJson(ctx: VeeamCheckContext, r: Resource): Promise<VeeamResponse> {
  const before = await mustXmlAnswer(ctx, r);
  const res = await get(ctx, r, 'json');
  mustStatus(res, r.status ?? 200);
  mustMediaType(res, 'json');
  const body = res.json;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(res, 'a JSON object (the XML root element dropped)', excerpt(res.text, 200));
  const schemaErrors = ctx.validateJson(r.operationId, body, shapeOf(ctx, r));
  if (schemaErrors.length > 0) fail(res, `a JSON answer valid against the spec's schema of ${r.operationId}${r.form ? ` (${r.form} form)` : ''}${r.status && r.status !== 200 ? ` (HTTP ${r.status})` : ''}`, schemaErrors.slice(0, 5).join('; '));
  const first = differences(before, body as VeeamJsonObject, r, ctx);
  if (first.size === 0) return res;
  const second = differences(await mustXmlAnswer(ctx, r), body as VeeamJsonObject, r, ctx);
  const both = [...first].filter(([path]) => second.has(path)).map(([, line]) => line);
  if (both.length > 0) {
    const more = both.length > 5 ? `; and ${both.length - 5} more` : '';
    fail(res, `the JSON answer to equal the XML answer of ${r.path} under the documented mapping (${REPRESENTATION_RULE})`, `${both.slice(0, 5).join('; ')}${more}`);
  }
  return res;
}

const REPRESENTATION_RULE = 'root dropped, attributes as properties, Links an array, typed values, null for absent values';
