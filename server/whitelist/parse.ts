import type { WhitelistDomain } from './store.ts';

/** What the streaming parser yields: the list's generation date, then each domain. */
export type WhitelistItem =
  | { kind: 'generated'; on: string }
  | { kind: 'domain'; domain: WhitelistDomain };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML character data: CDATA sections, the five entities and numeric references. */
export function xmlText(value: string): string {
  return value
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, data: string) =>
      data.replace(/&/g, '&amp;').replace(/</g, '&lt;'),
    )
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, ref: string) => {
      if (ref[0] === '#') {
        const code =
          ref[1] === 'x' || ref[1] === 'X'
            ? Number.parseInt(ref.slice(2), 16)
            : Number(ref.slice(1));
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[ref.toLowerCase()] ?? '';
    })
    .trim();
}

function field(block: string, tag: string): string | null {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(block);
  if (!match) return null;
  const text = xmlText(match[1] ?? '');
  return text.length > 0 ? text : null;
}

function domainOf(block: string): WhitelistDomain | null {
  const name = field(block, 'Nom')?.toLowerCase();
  if (!name || !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(name)) return null;
  return {
    name,
    description: field(block, 'Description'),
    operatorDn: field(block, 'DNCertificatOperateur'),
    responsableContact: field(block, 'ResponsableContact'),
    supportContact: field(block, 'SupportContact'),
    updatedOn: field(block, 'DateMAJ'),
  };
}

/** The largest `<Domaine>` element accepted; beyond that the file is not a whitelist. */
const MAX_BLOCK_CHARS = 64 * 1024;

/**
 * Parses `listeblanchemssante.xml` as it streams in: memory stays at one `<Domaine>`
 * element plus one network chunk, whatever the list's size. Domains without a valid
 * `Nom` are skipped.
 */
export async function* parseWhitelist(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<WhitelistItem> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let generatedSeen = false;
  for (;;) {
    const { value, done } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (!generatedSeen) {
      const generated = /<DateDeGeneration>([\s\S]*?)<\/DateDeGeneration>/.exec(buffer);
      if (generated) {
        generatedSeen = true;
        yield { kind: 'generated', on: xmlText(generated[1] ?? '') };
      }
    }
    for (;;) {
      const start = buffer.indexOf('<Domaine>');
      if (start < 0) {
        // Keep a tail that might hold the start of a tag.
        if (buffer.length > 64) buffer = buffer.slice(-64);
        break;
      }
      const end = buffer.indexOf('</Domaine>', start);
      if (end < 0) {
        buffer = buffer.slice(start);
        if (buffer.length > MAX_BLOCK_CHARS) throw new Error('whitelist element too large');
        break;
      }
      const domain = domainOf(buffer.slice(start + 9, end));
      buffer = buffer.slice(end + 10);
      if (domain) yield { kind: 'domain', domain };
    }
    if (done) return;
  }
}
