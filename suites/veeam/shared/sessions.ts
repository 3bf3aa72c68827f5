import { excerpt, fail, mustGetXml } from '../../../src/checks/veeam-expect.ts';
import type { VeeamCheckContext } from '../../../src/checks/veeam-model.ts';
import type { VeeamResponse } from '../../../src/client/veeam-client.ts';
import { veeamSchema, veeamXmlRoots } from '../../../src/spec/veeam/index.ts';
import { apiPath, linksOf, linkText, mustGetDoc, resourcePath, sameGuid, type Doc, type DocAnswer, type Link } from './documents.ts';

/** One resource with a reference and an entity form, each read at most once per case. */
export interface TwoForms {
  id: string;
  /** `/api/cdpReplicaTaskSessions/<id>`. */
  path: string;
  /** The default answer: an EntityRef. */
  reference(options?: { validate?: boolean }): Promise<DocAnswer>;
  /** The `?format=Entity` answer: the entity's own root element. */
  entity(options?: { validate?: boolean }): Promise<DocAnswer>;
}

/**
 * The two forms of `/api<collection>/<id>`. With `validate`, the answer must also be valid against the XSD (the
 * form checks); otherwise well-formed with the right root suffices (every other rule is judged on its own).
 */
export function twoForms(ctx: VeeamCheckContext, collection: string, id: string, operationId: string): TwoForms {
  const path = `/api${collection}/${id}`;
  const read = (form: 'reference' | 'entity') => {
    const roots = veeamXmlRoots(ctx.spec, operationId, { form });
    const query = form === 'entity' ? { format: 'Entity' } : undefined;
    const cache = new Map<boolean, Promise<DocAnswer>>();
    return ({ validate = false } = {}) => {
      let answer = cache.get(validate);
      if (!answer) {
        answer = validate ? mustGetXml(ctx, ctx.veeam, path, { roots, ...(query ? { query } : {}) }) : mustGetDoc(ctx.veeam, path, roots, query ? { query } : {});
        cache.set(validate, answer);
      }
      return answer;
    };
  };
  return { id, path, reference: read('reference'), entity: read('entity') };
}

/** The documented values of an enumeration of the spec (a component schema such as CdpReplicaTaskSessionState). */
export function enumOf(ctx: VeeamCheckContext, schema: string): string[] {
  return (veeamSchema(ctx.spec, schema).enum ?? []).map(String);
}

/** The Href of `doc` names the resource `<collection>/<id>` (any host; `aliases` are other collections accepted). */
export function mustHrefOf(res: VeeamResponse, doc: Doc, collections: readonly string[], id: string, what: string): void {
  const path = typeof doc.Href === 'string' ? resourcePath(doc.Href) : undefined;
  const ok = path !== undefined && collections.some((collection) => path.toLowerCase().startsWith(`${collection.toLowerCase()}/`) && sameGuid(path.slice(collection.length + 1), id));
  if (!ok) fail(res, `${what} with an Href at ${collections.map((c) => `/api${c}/${id}`).join(' or ')}`, `Href ${excerpt(doc.Href, 200)}`);
}

/** `?format=Entity` (any case) is in the query of an Href. */
export const asksForEntity = (href: string) => /[?&]format=entity(&|$)/i.test(href);

/** The links of `doc` that a rule follows: Up, Down and Alternate. */
export const navigationLinks = (doc: Doc): Link[] => linksOf(doc).filter((link) => ['Up', 'Down', 'Alternate'].includes(link.Rel));

/** Every Up, Down and Alternate link of `doc` answers 200 on this server. */
export async function mustResolveLinks(ctx: VeeamCheckContext, res: VeeamResponse, doc: Doc): Promise<void> {
  for (const link of navigationLinks(doc)) {
    const path = apiPath(link.Href);
    if (!path) fail(res, `every ${link.Rel} link to point into /api/ of the server`, linkText(link));
    const answer = await ctx.veeam.get(path, { accept: 'xml' });
    if (answer.status !== 200) fail(answer, `HTTP 200 for the ${link.Rel} link of Type ${link.Type ?? '(none)'} of ${res.url.replace(/^https?:\/\/[^/]+/, '')}`, `HTTP ${answer.status} ${excerpt(answer.text, 200)}`);
  }
}

/** Follows the Alternate link of `doc` (one, of `type`) and returns the answer, which must be 200 XML with one of `roots`. */
export async function followAlternate(ctx: VeeamCheckContext, res: VeeamResponse, doc: Doc, type: string, roots: readonly string[]): Promise<DocAnswer> {
  const alternates = linksOf(doc).filter((link) => link.Rel === 'Alternate');
  if (alternates.length !== 1 || alternates[0]!.Type !== type) fail(res, `one Alternate link, of Type ${type}`, alternates.map(linkText).join('; ') || 'no Alternate link');
  const path = apiPath(alternates[0]!.Href);
  if (!path) fail(res, 'an Alternate link into /api/ of the server', linkText(alternates[0]!));
  return mustGetDoc(ctx.veeam, path, roots);
}

/**
 * EndTimeUTC is absent exactly while the session runs (veeam-em.md: "absent while running"; seed 003 · EndTimeUTC).
 * A State outside the documented ones cannot tell running from finished: that is a failure too, said as such.
 */
export function mustEndTimeMatchState(res: VeeamResponse, doc: Doc, states: readonly string[], running: readonly string[], runningText: string): void {
  const state = typeof doc.State === 'string' ? doc.State : undefined;
  if (state === undefined || !states.includes(state)) fail(res, `State one of ${states.join(', ')} (to tell a running session from a finished one)`, `State ${excerpt(doc.State, 80)}`);
  const end = doc.EndTimeUTC;
  if (running.includes(state) && end !== undefined) fail(res, `no EndTimeUTC while the session runs (${runningText})`, `State ${state} with EndTimeUTC ${excerpt(end, 60)}`);
  if (!running.includes(state) && end === undefined) fail(res, `an EndTimeUTC once the session has finished (not ${runningText})`, `State ${state} without EndTimeUTC`);
}
