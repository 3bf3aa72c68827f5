import { XMLParser } from 'fast-xml-parser';
import type { VeeamClient, VeeamRequestOptions, VeeamResponse } from '../client/veeam-client.ts';
import { excerpt, fail } from './expect.ts';

export { excerpt, fail };

type Json = Record<string, unknown>;

/** The media type each representation must declare (seeds 003–004 · Response headers); parameters allowed. */
const MEDIA_TYPES = { xml: 'application/xml', json: 'application/json' } as const;

export function mustStatus(res: VeeamResponse, status: number | number[]): void {
  const allowed = Array.isArray(status) ? status : [status];
  if (!allowed.includes(res.status)) fail(res, `HTTP ${allowed.join(' or ')}`, `HTTP ${res.status} ${excerpt(res.text, 300)}`);
}

/** The answer declares the media type of `form`. */
export function mustMediaType(res: VeeamResponse, form: 'xml' | 'json'): void {
  const declared = res.headers['content-type'];
  const type = declared?.split(';')[0]!.trim().toLowerCase();
  if (type !== MEDIA_TYPES[form]) fail(res, `Content-Type ${MEDIA_TYPES[form]}`, declared ? `Content-Type ${excerpt(declared, 100)}` : 'no Content-Type');
}

/** Attributes keep their names (no prefix); Links and list items are always arrays. */
const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, parseTagValue: false, parseAttributeValue: false,
  isArray: (name) => ['Link', 'Ref', 'SupportedVersion'].includes(name),
});

/** The root element's name and content of an XML document, or a failure when it is not well-formed XML. */
export function parseXml(res: VeeamResponse): { root: string; doc: Json } {
  let parsed: Json;
  try {
    parsed = parser.parse(res.text, true) as Json;
  } catch (error) {
    return fail(res, 'a well-formed XML document', `${(error as Error).message.split('\n')[0]} in ${excerpt(res.text, 200)}`);
  }
  const root = Object.keys(parsed).find((key) => key !== '?xml');
  if (!root) fail(res, 'an XML document with a root element', excerpt(res.text, 200));
  return { root, doc: (parsed[root] ?? {}) as Json };
}

/** A GET that must answer 200 in XML, valid against the XSD (with one of `roots` as root, when given). */
export async function mustGetXml(ctx: { validateXml(xml: string, root?: string | readonly string[]): string[] }, client: VeeamClient, path: string, options: VeeamRequestOptions & { roots?: string | readonly string[] } = {}): Promise<{ res: VeeamResponse; root: string; doc: Json }> {
  const res = await client.get(path, { accept: 'xml', ...options });
  mustStatus(res, 200);
  mustMediaType(res, 'xml');
  const errors = ctx.validateXml(res.text, options.roots);
  if (errors.length > 0) fail(res, 'an XML document valid against specs/veeam/enterprise-manager.xsd', errors.slice(0, 5).join('; '));
  return { res, ...parseXml(res) };
}

/** A GET that must answer 200 with a JSON object. */
export async function mustGetJson(client: VeeamClient, path: string, options: VeeamRequestOptions = {}): Promise<{ res: VeeamResponse; body: Json }> {
  const res = await client.get(path, { ...options, accept: 'json' });
  mustStatus(res, 200);
  mustMediaType(res, 'json');
  if (res.json === null || typeof res.json !== 'object' || Array.isArray(res.json)) fail(res, 'a JSON object', excerpt(res.text, 200));
  return { res, body: res.json as Json };
}

/** The answer is a Veeam Error document with the answer's status code (XML or JSON form). */
export function mustErrorDocument(res: VeeamResponse, form: 'xml' | 'json'): void {
  mustMediaType(res, form);
  if (form === 'json') {
    const body = res.json as Json | undefined;
    if (!body || typeof body !== 'object' || typeof body.Message !== 'string') fail(res, 'a JSON Error document {"Message": ..., "StatusCode": ...}', excerpt(res.text, 200));
    if (body.StatusCode !== res.status) fail(res, `StatusCode ${res.status} (a number, the answer's status)`, `StatusCode ${JSON.stringify(body.StatusCode)}`);
    return;
  }
  const { root, doc } = parseXml(res);
  if (root !== 'Error') fail(res, 'an XML <Error> document', `<${root}> ${excerpt(res.text, 200)}`);
  if (typeof doc.Message !== 'string') fail(res, 'an Error document with a Message attribute', excerpt(res.text, 200));
  if (String(doc.StatusCode) !== String(res.status)) fail(res, `StatusCode="${res.status}"`, `StatusCode=${JSON.stringify(doc.StatusCode)}`);
}
