import type { Json } from './helpers.ts';

/**
 * The differences between an XML document and its JSON form under the documented mapping (veeam-em.md ·
 * Representations; spec info.x-veeam-json-mapping), written from those rules and not from the emulator's model:
 * root dropped; attributes → properties; Links → array of {Rel, Href, Name, Type}; EntityReferences' Ref items
 * → `Refs` array; any other list element → an object holding one array of the same name; numbers and booleans
 * typed; absent in XML ↔ null in JSON. Returns one line per difference (empty: the two mirror each other).
 */
export function mirrorDifferences(ordered: Json[], json: unknown): string[] {
  const root = ordered.find((entry) => !('?xml' in entry));
  if (!root) return ['no root element'];
  const problems: string[] = [];
  compareElement(root, json, tagOf(root), problems);
  return problems;
}

const tagOf = (entry: Json) => Object.keys(entry).find((key) => key !== ':@')!;
const childrenOf = (entry: Json): Json[] => (entry[tagOf(entry)] as Json[]).filter((child) => !('#text' in child));
const textOf = (entry: Json): string | undefined => (entry[tagOf(entry)] as Json[]).find((child) => '#text' in child)?.['#text'] as string | undefined;

function compareScalar(text: string, json: unknown, where: string, problems: string[]): void {
  if (typeof json === 'number' || typeof json === 'boolean') {
    if (String(json) !== text) problems.push(`${where}: XML "${text}" vs JSON ${JSON.stringify(json)}`);
  } else if (typeof json !== 'string') {
    problems.push(`${where}: XML "${text}" vs JSON ${JSON.stringify(json)} (not a scalar)`);
  } else if (json !== text) {
    problems.push(`${where}: XML "${text}" vs JSON "${json}"`);
  }
}

function compareElement(entry: Json, json: unknown, where: string, problems: string[]): void {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    problems.push(`${where}: JSON is ${JSON.stringify(json)?.slice(0, 80)}, not an object`);
    return;
  }
  const object = json as Json;
  const covered = new Set<string>();
  for (const [name, text] of Object.entries((entry[':@'] ?? {}) as Record<string, string>)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    covered.add(name);
    compareScalar(text, object[name], `${where}/@${name}`, problems);
  }
  const children = childrenOf(entry);
  const groups = new Map<string, Json[]>();
  for (const child of children) groups.set(tagOf(child), [...(groups.get(tagOf(child)) ?? []), child]);
  for (const [tag, list] of groups) {
    const path = `${where}/${tag}`;
    if (tag === 'Links') {
      covered.add('Links');
      compareList(childrenOf(list[0]!), object.Links, path, problems);
    } else if (list.length > 1 || (tag === 'Ref' && where.endsWith('EntityReferences'))) {
      covered.add(`${tag}s`);
      compareList(list, object[`${tag}s`], path, problems);
    } else if (isWrappedList(object[tag], tag)) {
      covered.add(tag);
      compareList(childrenOf(list[0]!), (object[tag] as Json)[tag], path, problems);
    } else if (childrenOf(list[0]!).length > 0 || Object.keys(list[0]![':@'] ?? {}).length > 0) {
      covered.add(tag);
      compareElement(list[0]!, object[tag], path, problems);
    } else {
      covered.add(tag);
      compareScalar(textOf(list[0]!) ?? '', object[tag], path, problems);
    }
  }
  for (const [name, value] of Object.entries(object)) {
    if (covered.has(name) || value === null) continue;
    const emptyList = Array.isArray(value) ? value.length === 0 : isWrappedList(value, name) && (value as Json)[name].length === 0;
    if (!emptyList) problems.push(`${where}: JSON property ${name} has no XML counterpart (${JSON.stringify(value).slice(0, 80)})`);
  }
}

const isWrappedList = (value: unknown, name: string) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && Array.isArray((value as Json)[name]);

function compareList(items: Json[], json: unknown, where: string, problems: string[]): void {
  if (!Array.isArray(json)) {
    problems.push(`${where}: JSON is ${JSON.stringify(json)?.slice(0, 80)}, not an array`);
    return;
  }
  if (json.length !== items.length) problems.push(`${where}: ${items.length} XML items vs ${json.length} JSON items`);
  items.forEach((item, index) => compareElement(item, json[index], `${where}[${index}]`, problems));
}
