/**
 * The folder a connection has selected: its messages as the last ImapFolder/sync gave them
 * (UID order, so sequence number = index + 1), brought up to date by `refresh`, which
 * writes the untagged EXPUNGE, EXISTS and FETCH FLAGS responses of what changed elsewhere.
 */
import type { ImapFolderMessage } from '../../../shared/jmap/imap.ts';
import type { MailAccount } from './account.ts';
import { flagOf } from './flags.ts';
import { atom, compile, ImapError, text } from './protocol.ts';
import { inRanges, parseSequenceSet } from './sequence.ts';

export class SelectedFolder {
  /** The BAL of the folder (the login's own, or a delegated one). */
  readonly account: MailAccount;
  readonly mailboxId: string;
  readonly name: string;
  readonly readOnly: boolean;
  uidValidity = 0;
  uidNext = 0;
  highestModSeq = 0;
  messages: ImapFolderMessage[] = [];

  constructor(account: MailAccount, mailboxId: string, name: string, readOnly: boolean) {
    this.account = account;
    this.mailboxId = mailboxId;
    this.name = name;
    this.readOnly = readOnly;
  }

  static async open(account: MailAccount, mailboxId: string, name: string, readOnly: boolean) {
    const sync = await account.sync(mailboxId);
    if (!sync) throw new ImapError('NO', 'Dossier introuvable', 'NONEXISTENT');
    const folder = new SelectedFolder(account, mailboxId, name, readOnly);
    folder.uidValidity = sync.uidValidity;
    folder.uidNext = sync.uidNext;
    folder.highestModSeq = sync.highestModSeq;
    folder.messages = sync.messages;
    return folder;
  }

  /** The index of a UID, or -1. */
  indexOf(uid: number): number {
    let low = 0;
    let high = this.messages.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = (this.messages[mid] as ImapFolderMessage)[0];
      if (at === uid) return mid;
      if (at < uid) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** The indexes a sequence set names, by UID or by sequence number, ascending. */
  resolve(set: string, byUid: boolean): number[] {
    const count = this.messages.length;
    if (byUid) {
      const largest = count > 0 ? (this.messages[count - 1] as ImapFolderMessage)[0] : 0;
      const ranges = parseSequenceSet(set, largest);
      const out: number[] = [];
      this.messages.forEach((m, i) => {
        if (inRanges(ranges, m[0])) out.push(i);
      });
      return out;
    }
    const ranges = parseSequenceSet(set, count);
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) if (inRanges(ranges, i + 1)) out.push(i);
    return out;
  }

  /**
   * Reads what changed since the last sync and writes the untagged responses of it:
   * EXPUNGE for each vanished UID (when `expunges` is allowed: never during a FETCH, STORE
   * or SEARCH by sequence number), FETCH FLAGS for changed keywords, EXISTS when grown.
   */
  async refresh(write: (bytes: Buffer) => void, options: { expunges: boolean }): Promise<void> {
    if (!options.expunges) return;
    const sync = await this.account.sync(this.mailboxId, this.highestModSeq);
    if (!sync) return;
    if (sync.uidValidity !== this.uidValidity) {
      write(compile('*', 'BYE', [text('Dossier reinitialise, reconnectez-vous')]));
      return;
    }
    const before = this.messages.length;
    const vanished = sync.vanished ?? this.missingFrom(sync.messages);
    for (const uid of vanished) {
      const index = this.indexOf(uid);
      if (index === -1) continue;
      this.messages.splice(index, 1);
      write(compile('*', String(index + 1), [atom('EXPUNGE')]));
    }
    let grown = this.messages.length < before ? 0 : this.messages.length - before;
    for (const message of sync.messages) {
      const index = this.indexOf(message[0]);
      if (index === -1) {
        this.messages.push(message);
        grown += 1;
        continue;
      }
      const known = this.messages[index] as ImapFolderMessage;
      this.messages[index] = message;
      if (known[3].join(' ') !== message[3].join(' ')) {
        write(
          compile('*', String(index + 1), [
            atom('FETCH'),
            [atom('UID'), message[0], atom('FLAGS'), message[3].map((k) => atom(flagOf(k)))],
          ]),
        );
      }
    }
    if (grown > 0 || this.messages.length !== before) {
      write(compile('*', String(this.messages.length), [atom('EXISTS')]));
    }
    this.uidNext = sync.uidNext;
    this.highestModSeq = sync.highestModSeq;
  }

  private missingFrom(messages: ImapFolderMessage[]): number[] {
    const present = new Set(messages.map((m) => m[0]));
    return this.messages.map((m) => m[0]).filter((uid) => !present.has(uid));
  }
}
