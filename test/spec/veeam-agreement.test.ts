import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { loadVeeamSpec, VEEAM_NAMESPACE, VEEAM_XSD_PATH, veeamOperations, veeamResponseSchema } from '../../src/spec/veeam/index.ts';

// The OpenAPI document and the XSD are written by hand from the same reference; this test keeps them in step.
// Every object or list schema names its XSD type (x-veeam-xsd-type); the walk below starts at the answers of every
// operation and compares, type by type, attributes, elements, their order, optionality, base types and enums.

type Schema = OpenAPIV3.SchemaObject & Record<string, unknown>;

interface XsdParticle { name: string; type: string; minOccurs: number; maxOccurs: number | 'unbounded' }
interface XsdAttribute { name: string; type: string; required: boolean; fixed?: string }
interface XsdComplex { kind: 'complex'; group: 'sequence' | 'all' | 'empty'; elements: XsdParticle[]; wildcard: boolean; attributes: XsdAttribute[] }
interface XsdSimple { kind: 'simple'; base: string; enum: string[]; pattern?: string; min?: number; max?: number }

interface Node { tag: string; attrs: Record<string, string>; children: Node[] }

/** fast-xml-parser's ordered output as a plain tree: the order of xs:sequence children is what this test is about. */
function tree(xml: string): Node {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });
  const convert = (entry: Record<string, unknown>): Node | undefined => {
    const tag = Object.keys(entry).find((key) => key !== ':@');
    if (!tag || tag === '#text' || tag === '?xml') return undefined;
    const children = (entry[tag] as Array<Record<string, unknown>>).map(convert).filter((n): n is Node => n !== undefined);
    return { tag, attrs: (entry[':@'] as Record<string, string> | undefined) ?? {}, children };
  };
  const roots = (parser.parse(xml) as Array<Record<string, unknown>>).map(convert).filter((n): n is Node => n !== undefined);
  return roots[0]!;
}

const xsdText = readFileSync(VEEAM_XSD_PATH, 'utf8');
const schemaNode = tree(xsdText);
const occurs = (value: string | undefined): number | 'unbounded' => (value === 'unbounded' ? 'unbounded' : Number(value ?? '1'));

const xsdTypes = new Map<string, XsdComplex | XsdSimple>();
for (const node of schemaNode.children) {
  if (node.tag === 'complexType') {
    const group = node.children.find((c) => c.tag === 'sequence' || c.tag === 'all');
    xsdTypes.set(node.attrs.name!, {
      kind: 'complex',
      group: (group?.tag as 'sequence' | 'all' | undefined) ?? 'empty',
      elements: (group?.children ?? []).filter((c) => c.tag === 'element').map((c) => ({ name: c.attrs.name!, type: c.attrs.type!, minOccurs: occurs(c.attrs.minOccurs) as number, maxOccurs: occurs(c.attrs.maxOccurs) })),
      wildcard: (group?.children ?? []).some((c) => c.tag === 'any'),
      attributes: node.children.filter((c) => c.tag === 'attribute').map((c) => ({ name: c.attrs.name!, type: c.attrs.type!, required: c.attrs.use === 'required', ...(c.attrs.fixed ? { fixed: c.attrs.fixed } : {}) })),
    });
  } else if (node.tag === 'simpleType') {
    const restriction = node.children.find((c) => c.tag === 'restriction')!;
    const facet = (tag: string) => restriction.children.find((c) => c.tag === tag)?.attrs.value;
    xsdTypes.set(node.attrs.name!, {
      kind: 'simple',
      base: restriction.attrs.base!,
      enum: restriction.children.filter((c) => c.tag === 'enumeration').map((c) => c.attrs.value!),
      ...(facet('pattern') ? { pattern: facet('pattern') } : {}),
      ...(facet('minInclusive') ? { min: Number(facet('minInclusive')) } : {}),
      ...(facet('maxInclusive') ? { max: Number(facet('maxInclusive')) } : {}),
    });
  }
}
const globalElements = new Map(schemaNode.children.filter((n) => n.tag === 'element').map((n) => [n.attrs.name!, n.attrs.type!]));

const spec = await loadVeeamSpec();

/** A schema's own properties and required names, allOf members merged in order. */
function flatten(schema: Schema): { properties: Array<[string, Schema]>; required: Set<string> } {
  const properties: Array<[string, Schema]> = [];
  const required = new Set<string>(schema.required ?? []);
  for (const part of (schema.allOf ?? []) as Schema[]) {
    const inner = flatten(part);
    properties.push(...inner.properties);
    for (const name of inner.required) required.add(name);
  }
  properties.push(...Object.entries((schema.properties ?? {}) as Record<string, Schema>));
  return { properties, required };
}

/** The XSD type a property's schema stands for: its named type, else the built-in type of its JSON type. */
function xsdTypeOf(schema: Schema): string {
  if (schema['x-veeam-xsd-type']) return String(schema['x-veeam-xsd-type']);
  if (schema.type === 'integer') return schema.format === 'int64' ? 'xs:long' : 'xs:int';
  if (schema.type === 'boolean') return 'xs:boolean';
  if (schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format) return 'xs:string';
  throw new Error(`a ${schema.type} schema with constraints names no XSD type: ${JSON.stringify(schema)}`);
}

interface Mismatch { type: string; problem: string }
const mismatches: Mismatch[] = [];
const visited = new Set<string>();

function compareSimple(name: string, schema: Schema): void {
  const xsd = xsdTypes.get(name);
  if (xsd?.kind !== 'simple') return void mismatches.push({ type: name, problem: 'no simple type of that name in the XSD' });
  const problem = (text: string) => mismatches.push({ type: name, problem: text });
  const base = schema.format === 'date-time' ? 'xs:dateTime' : schema.type === 'integer' ? (schema.format === 'int64' ? 'xs:long' : 'xs:int') : 'xs:string';
  if (xsd.base !== base) problem(`base ${xsd.base} in the XSD, ${base} in the spec`);
  if (JSON.stringify(xsd.enum) !== JSON.stringify(schema.enum ?? [])) problem(`enum [${xsd.enum}] in the XSD, [${String(schema.enum ?? [])}] in the spec`);
  const pattern = schema.pattern === undefined ? undefined : String(schema.pattern).replace(/^\^/, '').replace(/\$$/, '');
  if (xsd.pattern !== pattern) problem(`pattern ${xsd.pattern} in the XSD, ${pattern} in the spec`);
  if (xsd.min !== schema.minimum || xsd.max !== schema.maximum) problem(`range ${xsd.min}..${xsd.max} in the XSD, ${schema.minimum}..${schema.maximum} in the spec`);
}

/** Compares a list type (Links, Refs, the entity lists): one repeated element, named by the items' xml name. */
function compareList(name: string, items: Schema): void {
  const xsd = xsdTypes.get(name);
  if (xsd?.kind !== 'complex') return void mismatches.push({ type: name, problem: 'no complex type of that name in the XSD' });
  const itemName = items.xml?.name;
  const expected = [{ name: itemName, type: xsdTypeOf(items), minOccurs: 0, maxOccurs: 'unbounded' }];
  if (JSON.stringify(xsd.elements) !== JSON.stringify(expected) || xsd.attributes.length > 0) {
    mismatches.push({ type: name, problem: `list of ${JSON.stringify(xsd.elements)} in the XSD, of ${JSON.stringify(expected)} in the spec` });
  }
  visit(items);
}

function visit(schema: Schema): void {
  const name = schema['x-veeam-xsd-type'] as string | undefined;
  if (schema.anyOf) return void (schema.anyOf as Schema[]).forEach(visit);
  if (!name) {
    if (schema.type === 'object' || schema.type === 'array') mismatches.push({ type: '(unnamed)', problem: `an ${schema.type} schema names no XSD type` });
    return;
  }
  const key = `${name}:${schema.xml?.name ?? ''}`;
  if (visited.has(key)) return;
  visited.add(key);
  if (schema.type === 'array') return compareList(name, schema.items as Schema);
  if (schema.type !== 'object') return compareSimple(name, schema);
  const xsd = xsdTypes.get(name);
  if (xsd?.kind !== 'complex') return void mismatches.push({ type: name, problem: 'no complex type of that name in the XSD' });
  const problem = (text: string) => mismatches.push({ type: name, problem: text });
  const { properties, required } = flatten(schema);

  const attributes: XsdAttribute[] = [];
  const elements: XsdParticle[] = [];
  for (const [property, child] of properties) {
    const nullable = child.nullable === true;
    if (child.xml?.attribute) {
      const fixed = child.enum?.length === 1 ? { fixed: String(child.enum[0]) } : {};
      attributes.push({ name: child.xml.name ?? property, type: child.enum?.length === 1 ? 'xs:string' : xsdTypeOf(child), required: required.has(property), ...fixed });
      if (required.has(property) === nullable) problem(`attribute ${property}: ${nullable ? 'nullable but required' : 'optional but not nullable (absent in XML is null in JSON)'}`);
      if (child['x-veeam-xsd-type']) visit(child);
      continue;
    }
    if (child.type === 'array' && !child.xml?.wrapped) {
      // An unwrapped list: its items sit directly in the parent, each named by the items' xml name.
      const items = child.items as Schema;
      elements.push({ name: items.xml?.name ?? property, type: xsdTypeOf(items), minOccurs: 0, maxOccurs: 'unbounded' });
      visit(items);
      continue;
    }
    elements.push({ name: child.xml?.name ?? property, type: xsdTypeOf(child), minOccurs: required.has(property) ? 1 : 0, maxOccurs: 1 });
    if (child.type !== 'array' && required.has(property) === nullable) problem(`element ${property}: ${nullable ? 'nullable but required' : 'optional but not nullable (absent in XML is null in JSON)'}`);
    visit(child);
  }

  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  if (JSON.stringify([...xsd.attributes].sort(byName)) !== JSON.stringify([...attributes].sort(byName))) {
    problem(`attributes ${JSON.stringify(xsd.attributes)} in the XSD, ${JSON.stringify(attributes)} in the spec`);
  }
  // A sequence fixes the order, so the YAML lists the properties in that order; an all group leaves it open.
  const ordered = xsd.group === 'all' ? (list: XsdParticle[]) => [...list].sort(byName) : (list: XsdParticle[]) => list;
  if (JSON.stringify(ordered(xsd.elements)) !== JSON.stringify(ordered(elements))) {
    problem(`elements ${JSON.stringify(xsd.elements)} in the XSD (${xsd.group}), ${JSON.stringify(elements)} in the spec`);
  }
  if (xsd.wildcard !== (schema['x-veeam-minimal-view'] !== undefined)) problem('an open content model (xs:any) must go with x-veeam-minimal-view, and only with it');
  if (xsd.wildcard && schema.additionalProperties === false) problem('a minimal view must not forbid other properties');
}

/** Every answer body of every operation, in every form. */
function answerSchemas(): Schema[] {
  const out: Schema[] = [];
  for (const op of veeamOperations(spec)) {
    for (const status of op.statuses.filter((s) => s !== 204)) {
      for (const form of op.forms && status < 300 ? (['reference', 'entity'] as const) : [undefined]) {
        out.push(veeamResponseSchema(spec, op.id, { status, form }) as Schema);
      }
    }
  }
  return out;
}

const roots = answerSchemas();
roots.forEach(visit);

describe('the XSD and the OpenAPI spec describe the same XML', () => {
  it('agree on every type reachable from an answer: attributes, elements, order, optionality, base types and enums', () => {
    expect(mismatches).toEqual([]);
  });

  it('leave no XSD type out of the comparison', () => {
    const compared = new Set([...visited].map((key) => key.split(':')[0]));
    expect([...xsdTypes.keys()].filter((name) => !compared.has(name))).toEqual([]);
  });

  it('have one global element per answer root, of the type the schema names, and nothing else', () => {
    const expected = new Map<string, string>();
    for (const schema of roots) {
      for (const candidate of schema.anyOf ? (schema.anyOf as Schema[]) : [schema]) {
        const type = String(candidate['x-veeam-xsd-type']);
        for (const name of [candidate.xml!.name!, ...((candidate['x-veeam-xml-aliases'] as string[] | undefined) ?? [])]) expected.set(name, type);
      }
    }
    expect(new Map([...globalElements].sort())).toEqual(new Map([...expected].sort()));
  });

  it('put every root schema in the Veeam namespace, which is the XSD target namespace with qualified elements', () => {
    expect(schemaNode.attrs).toMatchObject({ targetNamespace: VEEAM_NAMESPACE, elementFormDefault: 'qualified' });
    for (const schema of Object.values(spec.document.components!.schemas!) as Schema[]) {
      if (schema.xml?.name) expect(schema.xml.namespace, schema.xml.name).toBe(VEEAM_NAMESPACE);
    }
  });

  it('the comparison itself notices a difference', () => {
    const before = mismatches.length;
    const session = structuredClone(spec.document.components!.schemas!.CdpReplicaTaskSession) as Schema;
    const { State, Result, ...rest } = session.properties as Record<string, Schema>;
    session.properties = { ...rest, Result: Result!, State: State! };
    session.xml = { ...session.xml, name: 'Swapped' };
    visit(session);
    expect(mismatches.slice(before).map((m) => m.problem).join('\n')).toMatch(/elements .* in the XSD \(sequence\)/);
    mismatches.splice(before);
  });
});
