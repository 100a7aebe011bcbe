/**
 * FETCH and UID FETCH (RFC 9051 section 6.4.5): flags and UIDs from the folder's sync,
 * INTERNALDATE, RFC822.SIZE and ENVELOPE from Email/get (no download), and everything
 * with bytes (BODY[...], BODYSTRUCTURE, RFC822...) from the stored raw message, served
 * unchanged. Messages are answered in batches, waiting for the socket between them.
 */
import type { ImapFolderMessage } from '../../../shared/jmap/imap.ts';
import { bodyStructure } from './body-structure.ts';
import { ENVELOPE_PROPERTIES, envelopeOfEmail } from './envelope.ts';
import { flagOf } from './flags.ts';
import { type MimePart, parseMime, partAt } from './mime.ts';
import {
  atom,
  compile,
  ImapError,
  type ImapNode,
  listOf,
  literal,
  nodeValue,
  str,
  text,
} from './protocol.ts';
import type { ImapSession } from './session.ts';

interface SectionItem {
  kind: 'section';
  /** The name in the response (`BODY[HEADER.FIELDS (DATE)]`, `RFC822`...). */
  label: string;
  path: number[];
  spec: '' | 'HEADER' | 'TEXT' | 'MIME' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT';
  fields: string[];
  partial: [number, number] | null;
  peek: boolean;
}

type Item =
  | { kind: 'UID' | 'FLAGS' | 'INTERNALDATE' | 'RFC822.SIZE' | 'ENVELOPE' | 'MODSEQ' }
  | { kind: 'BODYSTRUCTURE' | 'BODY' }
  | SectionItem;

const MACROS: Record<string, string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

const SECTION = /^((?:\d+\.)*\d+)?(?:\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME))?$/;

function sectionItem(node: ImapNode, peek: boolean): SectionItem {
  const section = (node as { section?: ImapNode[] }).section ?? [];
  const first = (nodeValue(section[0]) ?? '').toUpperCase();
  const match = SECTION.exec(first);
  if (!match) throw new ImapError('BAD', 'Section invalide');
  const path = match[1] ? match[1].split('.').map(Number) : [];
  const spec = (match[2] ?? '') as SectionItem['spec'];
  if (spec === 'MIME' && path.length === 0) throw new ImapError('BAD', 'Section invalide');
  const fields = spec.startsWith('HEADER.FIELDS')
    ? (listOf(section[1]) ?? []).map((n) => (nodeValue(n) ?? '').toUpperCase())
    : [];
  const partialRaw = (node as { partial?: number[] }).partial;
  const partial: [number, number] | null = partialRaw
    ? [partialRaw[0] ?? 0, partialRaw[1] ?? Number.MAX_SAFE_INTEGER]
    : null;
  const inner = fields.length > 0 ? `${first} (${fields.join(' ')})` : first;
  return { kind: 'section', label: `BODY[${inner}]`, path, spec, fields, partial, peek };
}

/** The items asked for, parsed; throws BAD on an unknown one. */
export function parseItems(node: ImapNode | undefined, byUid: boolean): Item[] {
  const nodes = listOf(node) ?? [node];
  const items: Item[] = [];
  for (const n of nodes) {
    const name = (nodeValue(n) ?? '').toUpperCase();
    const hasSection = (n as { section?: unknown })?.section !== undefined;
    if (MACROS[name] && !hasSection) {
      for (const m of MACROS[name] ?? []) items.push({ kind: m } as Item);
    } else if ((name === 'BODY' || name === 'BODY.PEEK') && hasSection) {
      items.push(sectionItem(n ?? null, name === 'BODY.PEEK'));
    } else if (name === 'RFC822') {
      items.push({
        kind: 'section',
        label: 'RFC822',
        path: [],
        spec: '',
        fields: [],
        partial: null,
        peek: false,
      });
    } else if (name === 'RFC822.HEADER') {
      items.push({
        kind: 'section',
        label: 'RFC822.HEADER',
        path: [],
        spec: 'HEADER',
        fields: [],
        partial: null,
        peek: true,
      });
    } else if (name === 'RFC822.TEXT') {
      items.push({
        kind: 'section',
        label: 'RFC822.TEXT',
        path: [],
        spec: 'TEXT',
        fields: [],
        partial: null,
        peek: false,
      });
    } else if (
      [
        'UID',
        'FLAGS',
        'INTERNALDATE',
        'RFC822.SIZE',
        'ENVELOPE',
        'MODSEQ',
        'BODYSTRUCTURE',
        'BODY',
      ].includes(name)
    ) {
      items.push({ kind: name } as Item);
    } else {
      throw new ImapError('BAD', 'Element de FETCH inconnu');
    }
  }
  if (byUid && !items.some((i) => i.kind === 'UID')) items.unshift({ kind: 'UID' });
  return items;
}

/** The header fields named (or all but those, `not`), raw lines kept, ending with the blank line. */
function headerFields(header: Buffer, names: string[], not: boolean): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const lines = header.toString('latin1').split(/(?<=\n)(?=[^ \t])/);
  const kept = lines.filter((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return false;
    const name = line.slice(0, colon).trim().toLowerCase();
    return wanted.has(name) !== not;
  });
  return Buffer.from(`${kept.join('')}\r\n`, 'latin1');
}

function sectionBytes(raw: Buffer, root: MimePart, item: SectionItem): Buffer {
  if (item.path.length === 0 && item.spec === '') return raw;
  const part = item.path.length === 0 ? root : partAt(root, item.path);
  if (!part) return Buffer.alloc(0);
  if (item.spec === '') return part.body;
  if (item.spec === 'MIME') return part.header;
  const message = item.path.length === 0 ? root : part.message;
  if (!message) return Buffer.alloc(0);
  if (item.spec === 'HEADER') return message.header;
  if (item.spec === 'TEXT') return message.body;
  return headerFields(message.header, item.fields, item.spec === 'HEADER.FIELDS.NOT');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** INTERNALDATE (`03-Dec-2026 10:17:41 +0000`) of an ISO date. */
export function internalDate(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

const flagList = (keywords: string[]): ImapNode => keywords.map((k) => atom(flagOf(k)));

const BATCH = 50;
const DOWNLOADS_AT_ONCE = 6;

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Runs a FETCH over the given indexes of the selected folder. */
export async function fetchMessages(session: ImapSession, indexes: number[], items: Item[]) {
  const folder = session.selected;
  const account = folder?.account;
  if (!folder || !account) throw new ImapError('BAD', 'Aucun dossier selectionne');
  const sections = items.filter((i): i is SectionItem => i.kind === 'section');
  const needsRaw =
    sections.length > 0 || items.some((i) => i.kind === 'BODYSTRUCTURE' || i.kind === 'BODY');
  const setsSeen = !folder.readOnly && sections.some((s) => !s.peek);
  const properties = new Set<string>();
  if (needsRaw) properties.add('blobId');
  if (items.some((i) => i.kind === 'INTERNALDATE')) properties.add('receivedAt');
  if (items.some((i) => i.kind === 'RFC822.SIZE')) properties.add('size');
  if (items.some((i) => i.kind === 'ENVELOPE'))
    for (const p of ENVELOPE_PROPERTIES) properties.add(p);

  // Bytes are downloaded per message: small batches; headers alone: one Email/get of 500.
  const size = needsRaw ? BATCH : 500;
  for (let start = 0; start < indexes.length; start += size) {
    const batch = indexes.slice(start, start + size).map((i) => ({
      index: i,
      message: folder.messages[i] as ImapFolderMessage,
    }));
    const emails =
      properties.size > 0
        ? await account.emails(
            batch.map((b) => b.message[1]),
            [...properties],
          )
        : new Map<string, Record<string, unknown>>();
    if (setsSeen) {
      const unseen = batch.filter(
        (b) => !b.message[3].includes('$seen') && emails.has(b.message[1]),
      );
      if (unseen.length > 0) {
        await account.call('Email/set', {
          update: Object.fromEntries(unseen.map((b) => [b.message[1], { 'keywords/$seen': true }])),
        });
        for (const b of unseen) b.message[3] = [...b.message[3], '$seen'].sort();
      }
    }
    const raws = needsRaw
      ? await mapLimit(batch, DOWNLOADS_AT_ONCE, async (b) => {
          const blobId = emails.get(b.message[1])?.blobId as string | undefined;
          return blobId ? account.raw(blobId) : null;
        })
      : [];
    batch.forEach((b, n) => {
      const email = emails.get(b.message[1]);
      if (properties.size > 0 && !email) return; // gone since the sync: nothing to answer
      const raw = raws[n] ?? null;
      if (needsRaw && !raw) return;
      const root = raw ? parseMime(raw) : null;
      const out: ImapNode[] = [];
      let flagsSent = false;
      for (const item of items) {
        switch (item.kind) {
          case 'UID':
            out.push(atom('UID'), b.message[0]);
            break;
          case 'FLAGS':
            out.push(atom('FLAGS'), flagList(b.message[3]));
            flagsSent = true;
            break;
          case 'MODSEQ':
            out.push(atom('MODSEQ'), [b.message[2]]);
            break;
          case 'INTERNALDATE':
            out.push(atom('INTERNALDATE'), str(internalDate(String(email?.receivedAt))));
            break;
          case 'RFC822.SIZE':
            out.push(atom('RFC822.SIZE'), Number(email?.size ?? 0));
            break;
          case 'ENVELOPE':
            out.push(atom('ENVELOPE'), envelopeOfEmail(email ?? {}));
            break;
          case 'BODYSTRUCTURE':
          case 'BODY':
            out.push(
              atom(item.kind),
              bodyStructure(root as MimePart, item.kind === 'BODYSTRUCTURE'),
            );
            break;
          case 'section': {
            let bytes = sectionBytes(raw as Buffer, root as MimePart, item);
            let label = item.label;
            if (item.partial) {
              const [from, length] = item.partial;
              bytes = bytes.subarray(
                Math.min(from, bytes.length),
                Math.min(from + length, bytes.length),
              );
              label += `<${from}>`;
            }
            out.push(text(label), literal(bytes));
            break;
          }
        }
      }
      if (setsSeen && !flagsSent) out.push(atom('FLAGS'), flagList(b.message[3]));
      session.write(compile('*', String(b.index + 1), [atom('FETCH'), out]));
    });
    await session.drain();
  }
}
