import { QUOTA_ID } from '../mailbox/store.ts';
import { type Handler, idsArg, intArg, pick, propertiesArg, stringArg } from './context.ts';

const PROPERTIES = [
  'id',
  'resourceType',
  'used',
  'hardLimit',
  'scope',
  'name',
  'types',
  'warnLimit',
  'description',
] as const;

/**
 * Quota/get (RFC 9425): the one quota of a BAL, its stored bytes against its limit
 * (2 GB unless configured), so that clients can show how full the mailbox is.
 */
const get: Handler = ({ store, ctx }, args) => {
  const ids = idsArg(args) ?? [QUOTA_ID];
  const properties = propertiesArg(args, PROPERTIES, PROPERTIES);
  const quota = {
    id: QUOTA_ID,
    resourceType: 'octets',
    used: store.usedBytes(),
    hardLimit: ctx.quotaBytes,
    warnLimit: Math.floor(ctx.quotaBytes * 0.9),
    scope: 'account',
    name: 'Espace de stockage de la boîte aux lettres',
    types: ['Email'],
    description: null,
  };
  return {
    accountId: args.accountId,
    state: store.state('Quota'),
    list: ids.includes(QUOTA_ID) ? [pick(quota, properties)] : [],
    notFound: ids.filter((id) => id !== QUOTA_ID),
  };
};

const changes: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince('Quota', stringArg(args, 'sinceState'), intArg(args, 'maxChanges', null)),
  updatedProperties: ['used'],
});

export const quotaMethods: Record<string, Handler> = {
  'Quota/get': get,
  'Quota/changes': changes,
};
