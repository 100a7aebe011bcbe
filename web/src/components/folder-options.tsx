import type { CachedMailbox } from '../db.ts';
import { mailboxLabel } from '../models/mailbox.ts';

/** The `<option>`s of a folder `<select>`, one per folder, by its French name. */
export function FolderOptions({ folders }: { folders: CachedMailbox[] }) {
  return (
    <>
      {folders.map((m) => (
        <option key={m.id} value={m.id}>
          {mailboxLabel(m)}
        </option>
      ))}
    </>
  );
}
