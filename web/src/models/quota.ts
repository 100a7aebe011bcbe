import { effect, signal } from '@preact/signals';
import { jmap } from '../lib/jmap.ts';
import { accountId, mailboxes } from './mailbox.ts';
import { createModel } from './model.ts';

/** How full the BAL is (RFC 9425 Quota/get): stored bytes against the limit. */
export interface QuotaUse {
  used: number;
  hardLimit: number;
  warnLimit: number | null;
}

let timer: ReturnType<typeof setTimeout> | undefined;

export const { quota, cleanupOpen } = createModel(
  {
    quota: signal<QuotaUse | null>(null),
    /** The clean-up assistant (`components/cleanup-assistant.tsx`) is shown in the pane. */
    cleanupOpen: signal(false),
  },
  () => clearTimeout(timer),
);

async function load(account: string): Promise<void> {
  try {
    const got = await jmap([['Quota/get', { accountId: account }, 'q']]);
    const first = (got.get('q')?.list as QuotaUse[] | undefined)?.[0];
    if (accountId.peek() === account) quota.value = first ?? null;
  } catch {
    // Offline: the last figure stays.
  }
}

// Read again when the BAL changes or its folders' counts move (new mail, deletions),
// once things settle.
effect(() => {
  const account = accountId.value;
  void mailboxes.value;
  clearTimeout(timer);
  if (!account) {
    quota.value = null;
    return;
  }
  timer = setTimeout(() => void load(account), 500);
});

const size = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** "12,3 Mo" / "1,5 Go": a size as French users read it. */
export function humanSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${size.format(bytes / 1024 ** 3)} Go`;
  if (bytes >= 1024 ** 2) return `${size.format(bytes / 1024 ** 2)} Mo`;
  return `${size.format(Math.max(bytes, 0) / 1024)} Ko`;
}
