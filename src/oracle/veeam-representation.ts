/**
 * Veeam Enterprise Manager's XML → JSON mapping (veeam-em.md · Representations; the spec's
 * info.x-veeam-json-mapping) as pure functions, so a check can compare the JSON answer of a resource with its
 * XML answer record by record.
 *
 * The mapping: the root element is dropped; every attribute becomes a property of the same name; `Links`
 * becomes an array of `{Rel, Href, Name, Type}`; `EntityReferences` becomes `{"Refs": [...]}`; any other list
 * element becomes an object holding one array named like it; numbers and booleans are typed by the JSON schema
 * of the operation's answer; an optional element or attribute the XML omits is `null`. Where the reference is
 * silent this module accepts every reading, and says so:
 * - Attribute order, namespace prefixes and extra namespace declarations never matter; attributes count when
 *   unqualified or in the EM namespace, elements when in the root element's namespace.
 * - An empty list may be `[]` or `null` in JSON (spec: empty-list-json); so may the wrapper of an empty list.
 * - Items of a list are paired by their Href (links by Rel and Href), not by position: the order of records
 *   across two requests is not documented.
 * - Timestamps are equal when they name the same instant (`.27Z` and `.270Z`).
 * - A `null` JSON property the schema does not know stands for an absent value, not for a difference; schemas
 *   marked x-veeam-minimal-view judge only the members they list.
 */
import { ParseOption, XmlDocument, XmlElement, XmlLibError } from 'libxml2-wasm';
import type { OpenAPIV3 } from 'openapi-types';

/** A JSON value as the mapping produces it. */
export type VeeamJson = null | boolean | number | string | VeeamJson[] | { [name: string]: VeeamJson };
export type VeeamJsonObject = { [name: string]: VeeamJson };

type Schema = OpenAPIV3.SchemaObject & Record<string, unknown>;

/** The XML given to the mapping is not a well-formed document. */
export class VeeamXmlMalformed extends Error {
  override name = 'VeeamXmlMalformed';
  readonly code = 'VEEAM_XML_MALFORMED';
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const VEEAM_NS = 'http://www.veeam.com/ent/v1.0';
/** Answers come from the target under test: no network, no external entities. */
const PARSE_OPTIONS = { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE };

/** The names an element of this schema may have: its xml name and the aliases the XSD also declares. */
function elementNames(schema: Schema, fallback: string): string[] {
  return [schema.xml?.name ?? fallback, ...((schema['x-veeam-xml-aliases'] as string[] | undefined) ?? [])];
}

/**
 * The schema with `allOf` merged and an `anyOf` resolved to the alternative named like `element` (the first
 * one when none is): the spec's answer schemas use both (EntityRef is allOf Ref; *Answer is anyOf the forms).
 */
export function effectiveVeeamSchema(schema: OpenAPIV3.SchemaObject, element?: string): Schema {
  const source = schema as Schema;
  if (source.anyOf || source.oneOf) {
    const options = ((source.anyOf ?? source.oneOf) as Schema[]).map((option) => effectiveVeeamSchema(option));
    return options.find((option) => element !== undefined && elementNames(option, '').includes(element)) ?? options[0]!;
  }
  if (!source.allOf) return source;
  const parts = (source.allOf as Schema[]).map((part) => effectiveVeeamSchema(part));
  const merged: Schema = { ...source, type: 'object', properties: {}, required: [] };
  delete merged.allOf;
  for (const part of [...parts, source]) {
    Object.assign(merged.properties!, part.properties ?? {});
    merged.required = [...new Set([...(merged.required ?? []), ...(part.required ?? [])])];
    if (part['x-veeam-minimal-view'] !== undefined) merged['x-veeam-minimal-view'] = part['x-veeam-minimal-view'];
  }
  merged.xml = source.xml ?? parts.find((part) => part.xml)?.xml;
  return merged;
}

const isArray = (schema: Schema) => schema.type === 'array';
const isObject = (schema: Schema) => schema.type === 'object' || schema.properties !== undefined;

/** The value an XML text stands for under the schema: numbers and booleans typed (xs:boolean allows 1 and 0). */
function typed(text: string, schema: Schema): VeeamJson {
  if (schema.type === 'integer' || schema.type === 'number') {
    const trimmed = text.trim();
    const number = trimmed === '' ? Number.NaN : Number(trimmed);
    return Number.isFinite(number) ? number : text;
  }
  if (schema.type === 'boolean') {
    const trimmed = text.trim();
    if (trimmed === 'true' || trimmed === '1') return true;
    if (trimmed === 'false' || trimmed === '0') return false;
    return text;
  }
  return schema.format === 'date-time' ? text.trim() : text;
}

function childElements(parent: XmlElement, namespace: string, names: readonly string[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.next) {
    if (node instanceof XmlElement && node.namespaceUri === namespace && names.includes(node.name)) out.push(node);
  }
  return out;
}

function attributeValue(element: XmlElement, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name && (attr.namespaceUri === '' || attr.namespaceUri === VEEAM_NS))?.value;
}

const isNil = (element: XmlElement) => element.attrs.some((attr) => attr.name === 'nil' && attr.namespaceUri === XSI && /^(true|1)$/.test(attr.value.trim()));

function mapObject(element: XmlElement, schema: Schema, namespace: string): VeeamJsonObject {
  const out: VeeamJsonObject = {};
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const property = effectiveVeeamSchema(raw as Schema);
    if (property.xml?.attribute) {
      const value = attributeValue(element, property.xml.name ?? name);
      out[name] = value === undefined ? null : typed(value, property);
    } else if (isArray(property)) {
      const items = effectiveVeeamSchema(property.items as Schema);
      const itemNames = elementNames(items, name);
      const map = (item: XmlElement) => mapValue(item, items, namespace);
      if (property.xml?.wrapped) {
        const wrapper = childElements(element, namespace, [property.xml.name ?? name])[0];
        out[name] = wrapper ? childElements(wrapper, namespace, itemNames).map(map) : null;
      } else {
        out[name] = childElements(element, namespace, itemNames).map(map);
      }
    } else {
      const child = childElements(element, namespace, [property.xml?.name ?? name])[0];
      out[name] = child ? mapValue(child, property, namespace) : null;
    }
  }
  return out;
}

function mapValue(element: XmlElement, schema: Schema, namespace: string): VeeamJson {
  if (isNil(element)) return null;
  return isObject(schema) ? mapObject(element, schema, namespace) : typed(element.content, schema);
}

/**
 * The JSON form an EM XML document maps to, typed by `schema` (the schema of the operation's answer, e.g.
 * `veeamResponseSchema(spec, 'cdp_replica_task_session_get', { form: 'entity' })`). Only the members the schema
 * knows are mapped: an element it does not know is the XSD's business, not the mapping's.
 * @throws VeeamXmlMalformed when `xml` is not well-formed.
 */
export function veeamXmlToJson(xml: string, schema: OpenAPIV3.SchemaObject): VeeamJsonObject {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, PARSE_OPTIONS);
  } catch (error) {
    if (!(error instanceof XmlLibError)) throw error;
    throw new VeeamXmlMalformed(`not well-formed XML: ${error.details[0]?.message.trim() ?? error.message}`);
  }
  try {
    const root = doc.root;
    return mapObject(root, effectiveVeeamSchema(schema, root.name), root.namespaceUri);
  } finally {
    doc.dispose();
  }
}

/** One point where a JSON answer differs from what its XML answer maps to. */
export interface VeeamRepresentationDifference {
  /** `/Refs[/backupSessions/…]/Links[Up /backupServers/…]/Name`: list items named by their Href. */
  path: string;
  /** What the XML maps to there (undefined: nothing). */
  xml: VeeamJson | undefined;
  /** What the JSON holds there (undefined: the property is missing). */
  json: unknown;
  problem: string;
}

export interface VeeamDifferenceOptions {
  /** Leaves a member out of the comparison, e.g. the moving values of a session that was still running. */
  ignore?(member: string, xmlParent: VeeamJsonObject, schema: OpenAPIV3.SchemaObject): boolean;
}

type Json = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The differences between `json` and `expected`, the mapping of the same resource's XML answer under `schema`. */
export function veeamRepresentationDifferences(expected: VeeamJson, json: unknown, schema: OpenAPIV3.SchemaObject, options: VeeamDifferenceOptions = {}): VeeamRepresentationDifference[] {
  const out: VeeamRepresentationDifference[] = [];
  compare(expected, json, effectiveVeeamSchema(schema), '', out, options);
  return out;
}

/** Maps `xml` and compares `json` with it: the differences, empty when the two forms mirror each other. */
export function compareVeeamRepresentations(xml: string, json: unknown, schema: OpenAPIV3.SchemaObject, options: VeeamDifferenceOptions = {}): VeeamRepresentationDifference[] {
  return veeamRepresentationDifferences(veeamXmlToJson(xml, schema), json, schema, options);
}

/** `/TotalSize: XML 17179869184, JSON "17179869184" (a string where the XML maps to a number)`. */
export function formatVeeamDifference(difference: VeeamRepresentationDifference): string {
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 120));
  return `${difference.path || '/'}: XML ${show(difference.xml)}, JSON ${show(difference.json)} (${difference.problem})`;
}

function compare(expected: VeeamJson, actual: unknown, schema: Schema, path: string, out: VeeamRepresentationDifference[], options: VeeamDifferenceOptions): void {
  const differ = (problem: string): void => {
    out.push({ path, xml: expected, json: actual, problem });
  };
  if (expected === null) {
    if (actual !== null) differ('the XML has no value here: JSON null expected');
  } else if (Array.isArray(expected)) {
    if (actual === null && expected.length === 0) return;
    if (!Array.isArray(actual)) return differ('an array expected');
    compareItems(expected, actual, effectiveVeeamSchema(schema.items as Schema), path, out, options);
  } else if (typeof expected === 'object') {
    if (actual === null && isEmptyListWrapper(expected)) return;
    if (!isPlainObject(actual)) return differ('an object expected');
    compareMembers(expected, actual, schema, path, out, options);
  } else if (typeof expected !== typeof actual) {
    differ(`a ${typeof expected} expected, as the spec types it`);
  } else if (schema.format === 'date-time' && typeof expected === 'string' && sameInstant(expected, actual as string)) {
    return;
  } else if (expected !== actual) {
    differ('different values');
  }
}

function compareMembers(expected: VeeamJsonObject, actual: Json, schema: Schema, path: string, out: VeeamRepresentationDifference[], options: VeeamDifferenceOptions): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, value] of Object.entries(expected)) {
    if (options.ignore?.(name, expected, schema)) continue;
    const where = `${path}/${name}`;
    if (!(name in actual)) {
      out.push({ path: where, xml: value, json: undefined, problem: value === null ? 'missing: a value absent in XML is null in JSON' : 'missing' });
      continue;
    }
    compare(value, actual[name], effectiveVeeamSchema(properties[name] ?? {}), where, out, options);
  }
  if (schema['x-veeam-minimal-view'] !== undefined) return;
  for (const [name, value] of Object.entries(actual)) {
    if (!(name in expected) && value !== null) out.push({ path: `${path}/${name}`, xml: undefined, json: value, problem: 'a property with no XML counterpart' });
  }
}

/** `{"Refs": []}`: a list wrapper holding an empty list, which JSON may give as null (spec: empty-list-json). */
function isEmptyListWrapper(expected: VeeamJsonObject): boolean {
  const values = Object.values(expected);
  return values.length === 1 && Array.isArray(values[0]) && values[0].length === 0;
}

/** `/backupSessions/…` of an Href; a link adds its Rel: `Up /backupServers/…`. */
function itemKey(item: unknown): string | undefined {
  if (!isPlainObject(item) || typeof item.Href !== 'string') return undefined;
  const href = item.Href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '').replace(/^\/api(?=\/)/, '');
  return typeof item.Rel === 'string' ? `${item.Rel} ${href}` : href;
}

/** Keys for a list: the Href (and Rel) where there is one, else the position; repeats get #2, #3, … */
function keyed(items: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  items.forEach((item, index) => {
    const base = itemKey(item) ?? `#${index}`;
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base} #${n}`;
    out.set(key, item);
  });
  return out;
}

function compareItems(expected: VeeamJson[], actual: unknown[], schema: Schema, path: string, out: VeeamRepresentationDifference[], options: VeeamDifferenceOptions): void {
  const fromXml = keyed(expected);
  const fromJson = keyed(actual);
  for (const [key, item] of fromXml) {
    const where = `${path}[${key}]`;
    if (!fromJson.has(key)) out.push({ path: where, xml: item as VeeamJson, json: undefined, problem: 'listed in XML, not in JSON' });
    else compare(item as VeeamJson, fromJson.get(key), schema, where, out, options);
  }
  for (const [key, item] of fromJson) {
    if (!fromXml.has(key)) out.push({ path: `${path}[${key}]`, xml: undefined, json: item, problem: 'listed in JSON, not in XML' });
  }
}

/** ISO 8601 times naming the same instant, to the millisecond. */
function sameInstant(a: string, b: string): boolean {
  const ms = (text: string) => {
    const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(text.trim());
    if (!match) return Number.NaN;
    return Date.parse(`${match[1]}${match[3]}`) + Number(`0.${match[2] ?? '0'}`) * 1000;
  };
  const [x, y] = [ms(a), ms(b)];
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) < 1;
}
