import { uid, type Kind, type RenderContext } from './kinds.ts';
import { attr, links, node, str, value, wrappedList, type LinkSpec, type VNode } from './model.ts';
import { VEEAM_API_VERSIONS, type LogonSessionRecord, type VeeamApiVersion } from './state.ts';

function withAlternate(ctx: RenderContext, ups: LinkSpec[], alternate: LinkSpec, downs: LinkSpec[]): LinkSpec[] {
  return ctx.state.has('veeam-no-alternate-link') ? [...ups, ...downs] : [...ups, alternate, ...downs];
}

/**
 * The reference form: `EntityRef` for an instance GET, `Ref` inside `EntityReferences`; attributes Type, Href,
 * Name, UID; Links Up…, Alternate (the entity form, `?format=Entity`), Down… (seeds 003 and 004).
 */
export function referenceNode<T>(kind: Kind<T>, item: T, ctx: RenderContext, root: 'EntityRef' | 'Ref'): VNode {
  const href = `${ctx.base}/${kind.path(item)}`;
  const name = kind.name(item, ctx);
  const alternate = { rel: 'Alternate', type: kind.type, href: `${href}?format=Entity`, name };
  return node(root, [
    attr('Type', str(kind.reference)), attr('Href', str(href)), attr('Name', str(name)), attr('UID', str(uid(kind.uidType, kind.uidGuid(item, ctx)))),
  ], [links(withAlternate(ctx, kind.ups(item, ctx), alternate, kind.downs(item, ctx)))]);
}

/** The entity form: root element named after the type, Href with `?format=Entity`, Alternate back to the reference. */
export function entityNode<T>(kind: Kind<T>, item: T, ctx: RenderContext): VNode {
  const href = `${ctx.base}/${kind.path(item)}`;
  const name = kind.name(item, ctx);
  const alternate = { rel: 'Alternate', type: kind.reference, href, name };
  return node(kind.type, [
    attr('Type', str(kind.type)), attr('Href', str(`${href}?format=Entity`)), attr('Name', str(name)),
    attr('UID', str(uid(kind.uidType, kind.uidGuid(item, ctx)))), ...kind.entityAttrs(item, ctx),
  ], [links(withAlternate(ctx, kind.ups(item, ctx), alternate, kind.downs(item, ctx))), ...kind.elements(item, ctx)]);
}

/** `EntityReferences` with its `Ref` items; JSON `{"Refs":[…]}`. */
export function referencesNode(refs: VNode[]): VNode {
  return node('EntityReferences', [], [{ kind: 'list', wrapper: undefined, item: 'Ref', json: 'Refs', wrapped: false, items: refs }]);
}

/** The collections a logon session of `version` may read, as Down links (CDP came with v1_6). */
function collectionLinks(ctx: RenderContext, version: VeeamApiVersion): LinkSpec[] {
  const down = (type: string, path: string): LinkSpec => ({ rel: 'Down', type, href: `${ctx.base}/${path}` });
  const links = [
    down('BackupServerReferenceList', 'backupServers'), down('JobReferenceList', 'jobs'),
    down('BackupJobSessionReferenceList', 'backupSessions'), down('NasJobReferenceList', 'nas/jobs'),
  ];
  if (version !== 'v1_5') links.push(down('CdpReplicaSessionReferenceList', 'cdpReplicaSessions'), down('CdpReplicaTaskSessionReferenceList', 'cdpReplicaTaskSessions'));
  return links;
}

/** `LogonSession` (veeam-em.md · Logon): Href, Type; Links with Delete; UserName; SessionId (not the token). */
export function logonSessionNode(record: LogonSessionRecord, ctx: RenderContext): VNode {
  const href = `${ctx.base}/logonSessions/${record.id}`;
  return node('LogonSession', [attr('Href', str(href)), attr('Type', str('LogonSession'))], [
    links([
      { rel: 'Up', type: 'EnterpriseManager', href: `${ctx.base}/` },
      ...collectionLinks(ctx, record.version),
      { rel: 'Delete', type: 'LogonSessionReference', href },
    ]),
    value('UserName', str(record.userName)),
    value('SessionId', str(record.id)),
  ]);
}

/** A logon session as an item of `/logonSessions`: the same URL serves it, so it has no Alternate link. */
export function logonReferenceNode(record: LogonSessionRecord, ctx: RenderContext): VNode {
  const href = `${ctx.base}/logonSessions/${record.id}`;
  return node('Ref', [attr('Type', str('LogonSessionReference')), attr('Href', str(href)), attr('Name', str(record.userName)), attr('UID', str(uid('LogonSession', record.id)))], [
    links([{ rel: 'Delete', type: 'LogonSessionReference', href }]),
  ]);
}

/** `EnterpriseManager`, served without logon: where to log on, per supported version. */
export function enterpriseManagerNode(ctx: RenderContext): VNode {
  const logon = (version: string): LinkSpec => ({ rel: 'Create', type: 'LogonSession', href: `${ctx.base}/sessionMngr/?v=${version}` });
  return node('EnterpriseManager', [], [
    links([{ rel: 'Down', type: 'LogonSessionListReference', href: `${ctx.base}/logonSessions` }, logon('latest')]),
    wrappedList('SupportedVersions', 'SupportedVersion', VEEAM_API_VERSIONS.map((version) => node('SupportedVersion', [attr('Name', str(version))], [links([logon(version)])]))),
  ]);
}
