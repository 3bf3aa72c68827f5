/**
 * One model of a Veeam document, rendered to XML or JSON by representation.ts, so the two forms cannot drift
 * (veeam-em.md · Representations: "JSON mirrors XML"). A node is an XML element: ordered attributes, then
 * ordered children. Every value is typed, which decides its JSON form (number, boolean, ISO string).
 */

/** `dateTime` values are epoch milliseconds; `undefined` is an absent value (omitted in XML, null in JSON). */
export type ScalarType = 'string' | 'int' | 'long' | 'boolean' | 'dateTime';

export interface Scalar {
  type: ScalarType;
  value: string | number | boolean | undefined;
}

export interface VAttr {
  name: string;
  scalar: Scalar;
}

/**
 * A child of an element:
 * - `value`: a simple element (`<State>Completed</State>`), JSON property of the same name;
 * - `node`: a nested element, JSON object (absent: null);
 * - `list`: repeated `item` elements, inside a `wrapper` element when one is named (`<Links><Link/>…</Links>`)
 *   or directly under the parent (`<EntityReferences><Ref/>…`). In JSON the property `json` holds the array
 *   (`Links`, the `Refs` of EntityReferences), or with `wrapped` an object holding it under the same name, as
 *   for every other list (`"BackupJobSessions":{"BackupJobSessions":[…]}`; spec info.x-veeam-json-mapping).
 */
export type VChild =
  | { kind: 'value'; name: string; scalar: Scalar }
  | { kind: 'node'; name: string; node: VNode | undefined }
  | { kind: 'list'; wrapper: string | undefined; item: string; json: string; wrapped: boolean; items: VNode[] | undefined };

export interface VNode {
  name: string;
  attrs: VAttr[];
  children: VChild[];
}

export const str = (value: string | undefined): Scalar => ({ type: 'string', value });
export const int = (value: number | undefined): Scalar => ({ type: 'int', value });
export const long = (value: number | undefined): Scalar => ({ type: 'long', value });
export const bool = (value: boolean | undefined): Scalar => ({ type: 'boolean', value });
export const dateTime = (value: number | undefined): Scalar => ({ type: 'dateTime', value });

export const attr = (name: string, scalar: Scalar): VAttr => ({ name, scalar });
export const value = (name: string, scalar: Scalar): VChild => ({ kind: 'value', name, scalar });

export function node(name: string, attrs: VAttr[], children: VChild[] = []): VNode {
  return { name, attrs, children };
}

/** A link of a `Links` list; Name and Type are optional (a Down link often has no Name). */
export interface LinkSpec {
  rel: string;
  href: string;
  type?: string;
  name?: string;
}

export function linkNode(link: LinkSpec): VNode {
  return node('Link', [attr('Rel', str(link.rel)), attr('Href', str(link.href)), attr('Name', str(link.name)), attr('Type', str(link.type))]);
}

/** A list inside a wrapper element, wrapped in JSON too: `<Refs><Ref/>…</Refs>` ↔ `"Refs":{"Refs":[…]}`. */
export function wrappedList(wrapper: string, item: string, items: VNode[] | undefined): VChild {
  return { kind: 'list', wrapper, item, json: wrapper, wrapped: true, items };
}

/** `<Links>` with its `<Link>` items; JSON `"Links": [{Rel, Href, Name, Type}, …]`. */
export function links(items: LinkSpec[]): VChild {
  return { kind: 'list', wrapper: 'Links', item: 'Link', json: 'Links', wrapped: false, items: items.map(linkNode) };
}
