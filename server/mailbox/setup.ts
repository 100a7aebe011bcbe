import { BLOBS_SEALED, newId, QUOTA_ID, type Store } from './store.ts';

/** The folders every BAL has, with their JMAP role and French name. */
export const DEFAULT_MAILBOXES = [
  { role: 'inbox', name: 'Boîte de réception', sortOrder: 1 },
  { role: 'drafts', name: 'Brouillons', sortOrder: 2 },
  { role: 'sent', name: 'Envoyés', sortOrder: 3 },
  { role: 'archive', name: 'Archives', sortOrder: 4 },
  { role: 'junk', name: 'Indésirables', sortOrder: 5 },
  { role: 'trash', name: 'Corbeille', sortOrder: 6 },
] as const;

export type Role = (typeof DEFAULT_MAILBOXES)[number]['role'];

/**
 * First use of a mailbox: records its BAL id, creates the role folders and the default
 * identity (the BAL address, read from D1). Idempotent.
 */
export async function ensureSetUp(store: Store): Promise<void> {
  if (store.meta('bal_id')) return;
  const bal = await store.env.DB.prepare('SELECT address, display_name FROM bals WHERE id = ?')
    .bind(store.balId)
    .first<{ address: string; display_name: string }>();
  if (store.meta('bal_id')) return;
  store.transaction(() => {
    for (const box of DEFAULT_MAILBOXES) {
      const id = newId('F');
      store.run(
        'INSERT INTO mailboxes (id, name, role, sort_order) VALUES (?, ?, ?, ?)',
        id,
        box.name,
        box.role,
        box.sortOrder,
      );
      store.change('Mailbox', id, 'created');
    }
    if (bal) {
      const id = newId('I');
      store.run(
        'INSERT INTO identities (id, name, email, may_delete) VALUES (?, ?, ?, 0)',
        id,
        bal.display_name === bal.address ? '' : bal.display_name,
        bal.address.toLowerCase(),
      );
      store.change('Identity', id, 'created');
      store.setMeta('address', bal.address.toLowerCase());
    }
    store.change('Quota', QUOTA_ID, 'created');
    // A new mailbox has no object of before encryption at rest to seal.
    store.setMeta(BLOBS_SEALED, 1);
    store.setMeta('bal_id', store.balId);
  });
}

/** The id of the folder with a role. */
export function roleMailbox(store: Store, role: Role): string {
  const row = store.one<{ id: string }>('SELECT id FROM mailboxes WHERE role = ?', role);
  if (!row) throw new Error(`mailbox without ${role} folder`);
  return row.id;
}
