/**
 * SEARCH and UID SEARCH (RFC 9051 section 6.4.4): flag, UID and sequence keys are answered
 * from the folder's sync; text, address, date and size keys are Email/query filters in the
 * folder (Pli's full-text index), one query per key, combined here with AND, OR and NOT.
 */
import type { ImapFolderMessage } from '../../../shared/jmap/imap.ts';
import type { MailAccount } from './account.ts';
import { keywordOf } from './flags.ts';
import { ImapError, type ImapNode, listOf, nodeValue } from './protocol.ts';
import type { SelectedFolder } from './selected.ts';

type Test = (message: ImapFolderMessage, seq: number) => boolean;
type Node =
  | { test: Test }
  | { filter: Record<string, unknown> }
  | { and: Node[] }
  | { or: [Node, Node] }
  | { not: Node };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function dateOf(value: string | null): Date {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value ?? '');
  const month = m ? MONTHS.indexOf((m[2] ?? '').toLowerCase()) : -1;
  if (!m || month === -1) throw new ImapError('BAD', 'Date invalide');
  return new Date(Date.UTC(Number(m[3]), month, Number(m[1])));
}

const day = (d: Date, plus = 0) =>
  new Date(d.getTime() + plus * 86_400_000).toISOString().replace('.000', '');

const has =
  (keyword: string): Test =>
  (m) =>
    m[3].includes(keyword);
const hasNot =
  (keyword: string): Test =>
  (m) =>
    !m[3].includes(keyword);

function parseKeys(nodes: ImapNode[], folder: SelectedFolder): Node[] {
  const keys: Node[] = [];
  let i = 0;
  const take = (): ImapNode => {
    if (i >= nodes.length) throw new ImapError('BAD', 'Critere de recherche incomplet');
    const n = nodes[i] as ImapNode;
    i += 1;
    return n;
  };
  const one = (): Node => {
    const node = take();
    const group = listOf(node);
    if (group) return { and: parseKeys(group, folder) };
    const word = (nodeValue(node) ?? '').toUpperCase();
    const arg = () => nodeValue(take()) ?? '';
    const flag = (kw: string, set: boolean): Node => ({ test: set ? has(kw) : hasNot(kw) });
    switch (word) {
      case 'ALL':
        return { test: () => true };
      case 'SEEN':
        return flag('$seen', true);
      case 'UNSEEN':
      case 'NEW':
        return flag('$seen', false);
      case 'FLAGGED':
        return flag('$flagged', true);
      case 'UNFLAGGED':
        return flag('$flagged', false);
      case 'ANSWERED':
        return flag('$answered', true);
      case 'UNANSWERED':
        return flag('$answered', false);
      case 'DELETED':
        return flag('$deleted', true);
      case 'UNDELETED':
        return flag('$deleted', false);
      case 'DRAFT':
        return flag('$draft', true);
      case 'UNDRAFT':
        return flag('$draft', false);
      case 'RECENT':
        return { test: () => false };
      case 'OLD':
        return { test: () => true };
      case 'KEYWORD':
        return flag(keywordOf(arg()) ?? '\0', true);
      case 'UNKEYWORD':
        return flag(keywordOf(arg()) ?? '\0', false);
      case 'UID': {
        const uids = new Set(folder.resolve(arg(), true));
        return { test: (_m, seq) => uids.has(seq - 1) };
      }
      case 'NOT':
        return { not: one() };
      case 'OR':
        return { or: [one(), one()] };
      case 'TEXT':
        return { filter: { text: arg() } };
      case 'BODY':
        return { filter: { body: arg() } };
      case 'SUBJECT':
        return { filter: { subject: arg() } };
      case 'FROM':
        return { filter: { from: arg() } };
      case 'TO':
        return { filter: { to: arg() } };
      case 'CC':
        return { filter: { cc: arg() } };
      case 'BCC':
        return { filter: { bcc: arg() } };
      case 'HEADER': {
        const name = arg();
        return { filter: { header: [name, arg()] } };
      }
      case 'LARGER':
        return { filter: { minSize: Number(arg()) + 1 } };
      case 'SMALLER':
        return { filter: { maxSize: Number(arg()) } };
      // Pli filters by the date received; the SENT* keys use it too.
      case 'SINCE':
      case 'SENTSINCE':
        return { filter: { after: day(dateOf(arg())) } };
      case 'BEFORE':
      case 'SENTBEFORE':
        return { filter: { before: day(dateOf(arg())) } };
      case 'ON':
      case 'SENTON': {
        const d = dateOf(arg());
        return { filter: { after: day(d), before: day(d, 1) } };
      }
      default:
        if (/^[\d*:,]+$/.test(word)) {
          const seqs = new Set(folder.resolve(word, false));
          return { test: (_m, seq) => seqs.has(seq - 1) };
        }
        throw new ImapError('BAD', 'Critere de recherche inconnu');
    }
  };
  while (i < nodes.length) keys.push(one());
  return keys;
}

/** The email ids of the folder matching a JMAP filter (all pages). */
async function query(account: MailAccount, mailboxId: string, filter: Record<string, unknown>) {
  const ids = new Set<string>();
  for (let position = 0; ; position += 1000) {
    const response = await account.call('Email/query', {
      filter: { operator: 'AND', conditions: [{ inMailbox: mailboxId }, filter] },
      position,
      limit: 1000,
    });
    const page = response.ids as string[];
    for (const id of page) ids.add(id);
    if (page.length < 1000) return ids;
  }
}

/** The indexes of the folder's messages that match the search keys, ascending. */
export async function search(account: MailAccount, folder: SelectedFolder, nodes: ImapNode[]) {
  let rest = nodes;
  if ((nodeValue(rest[0]) ?? '').toUpperCase() === 'CHARSET') {
    const charset = (nodeValue(rest[1]) ?? '').toUpperCase();
    if (charset !== 'UTF-8' && charset !== 'US-ASCII') {
      throw new ImapError(
        'NO',
        'Jeu de caracteres non pris en charge',
        'BADCHARSET (UTF-8 US-ASCII)',
      );
    }
    rest = rest.slice(2);
  }
  const root: Node = { and: parseKeys(rest, folder) };
  const results = new Map<Node, Set<string>>();
  const collect = async (node: Node): Promise<void> => {
    if ('filter' in node) results.set(node, await query(account, folder.mailboxId, node.filter));
    else if ('and' in node) for (const n of node.and) await collect(n);
    else if ('or' in node) for (const n of node.or) await collect(n);
    else if ('not' in node) await collect(node.not);
  };
  await collect(root);
  const matches = (node: Node, m: ImapFolderMessage, seq: number): boolean => {
    if ('test' in node) return node.test(m, seq);
    if ('filter' in node) return results.get(node)?.has(m[1]) ?? false;
    if ('and' in node) return node.and.every((n) => matches(n, m, seq));
    if ('or' in node) return matches(node.or[0], m, seq) || matches(node.or[1], m, seq);
    return !matches(node.not, m, seq);
  };
  const out: number[] = [];
  folder.messages.forEach((m, i) => {
    if (matches(root, m, i + 1)) out.push(i);
  });
  return out;
}
