import { XMLBuilder } from 'fast-xml-parser';
import type { VeeamFaultName } from './faults.ts';
import type { Scalar, VChild, VNode } from './model.ts';

/** The namespace of every EM document (veeam-em.md · Representations). */
export const VEEAM_NAMESPACE = 'http://www.veeam.com/ent/v1.0';
const WRONG_NAMESPACE = 'http://www.veeam.com/ent/v2.0';

/** The faults that change how a model is written rather than what it says. */
export interface RenderFaults {
  has(fault: VeeamFaultName): boolean;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: ' ', suppressEmptyNode: true });

/** The XML document of `root`: an XML declaration, the namespace on the root element, absent values omitted. */
export function toXml(root: VNode, faults: RenderFaults): string {
  const element = xmlElement(root, faults);
  const ns = faults.has('veeam-wrong-namespace') ? WRONG_NAMESPACE : VEEAM_NAMESPACE;
  const withNs = { '@_xmlns': ns, ...element };
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' }, [root.name]: withNs }) as string;
}

function xmlElement(source: VNode, faults: RenderFaults): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, scalar } of source.attrs) {
    if (scalar.value !== undefined) out[`@_${name}`] = xmlText(scalar, faults);
  }
  for (const child of source.children) writeXmlChild(out, child, faults);
  return out;
}

function writeXmlChild(out: Record<string, unknown>, child: VChild, faults: RenderFaults): void {
  if (child.kind === 'value') {
    if (child.scalar.value !== undefined) out[child.name] = xmlText(child.scalar, faults);
    return;
  }
  if (child.kind === 'node') {
    if (child.node) out[child.name] = xmlElement(child.node, faults);
    return;
  }
  if (child.items === undefined) return;
  const items = child.items.map((item) => xmlElement(item, faults));
  if (child.wrapper !== undefined) out[child.wrapper] = items.length > 0 ? { [child.item]: items } : '';
  else if (items.length > 0) out[child.item] = items;
}

/** Characters XML 1.0 cannot carry even escaped (controls, lone surrogates): an echoed bad input must not break the document. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlText(scalar: Scalar, faults: RenderFaults): string {
  return String(plainValue(scalar, faults)).replace(NOT_XML, '\uFFFD');
}

/** The JSON form of `root`: the root element dropped, attributes and children as properties in document order. */
export function toJson(root: VNode, faults: RenderFaults): string {
  return JSON.stringify(jsonObject(root, faults));
}

function jsonObject(source: VNode, faults: RenderFaults): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (value === null && faults.has('veeam-json-null-omitted')) return;
    out[name] = value;
  };
  for (const { name, scalar } of source.attrs) put(name, jsonScalar(scalar, faults));
  for (const child of source.children) {
    if (child.kind === 'value') put(child.name, jsonScalar(child.scalar, faults));
    else if (child.kind === 'node') put(child.name, child.node ? jsonObject(child.node, faults) : null);
    else if (child.items === undefined) put(child.json, null);
    else {
      const items = child.items.map((item) => jsonObject(item, faults));
      if (child.wrapped) put(child.json, { [child.json]: items });
      else put(child.json, child.json === 'Links' && faults.has('veeam-json-links-object') ? { Link: items } : items);
    }
  }
  return out;
}

function jsonScalar(scalar: Scalar, faults: RenderFaults): unknown {
  if (scalar.value === undefined) return null;
  const plain = plainValue(scalar, faults);
  if ((scalar.type === 'int' || scalar.type === 'long') && faults.has('veeam-json-number-as-string')) return String(plain);
  return plain;
}

/** Typed value: numbers and booleans as such, date-times as ISO 8601 UTC with milliseconds and Z. */
function plainValue(scalar: Scalar, faults: RenderFaults): string | number | boolean {
  if (scalar.type === 'dateTime') return formatDateTime(scalar.value as number, faults.has('veeam-timestamps-not-utc'));
  return scalar.value as string | number | boolean;
}

const OFFSET_MS = 2 * 3600_000;

/** `2021-02-12T00:00:10.457Z`; with the fault, the same instant as `2021-02-12T02:00:10.457+02:00`. */
export function formatDateTime(ms: number, withOffset = false): string {
  if (!withOffset) return new Date(ms).toISOString();
  return `${new Date(ms + OFFSET_MS).toISOString().slice(0, -1)}+02:00`;
}

/** `yyyy-MM-dd HH:mm:ss` in UTC: the time part of session names (veeam-em.md · Names of sessions). */
export function formatNameTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
