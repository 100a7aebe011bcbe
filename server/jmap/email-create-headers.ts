/**
 * `header:{name}[:form][:all]` properties of an `Email/set` create (RFC 8621 sections
 * 4.1.3 and 4.6): each given value is written as a header field of the new message, in the
 * form it names. Fields that Pli writes itself from a convenience property take that
 * property's place when it is absent (`header:Subject:asText` is `subject`), and are refused
 * beside it; fields no client may set (Message-ID, MIME-Version, Sender, Content-*, X-MSS-NIL,
 * the MSSanté header Pli derives from `mssNoReply`, the read receipt's field) are refused.
 */
import { encodeWord, rfc5322Date } from '../delivery/mime-words.ts';
import type { Args } from './context.ts';
import { invalid } from './email-args.ts';
import { parseHeaderProperty } from './email-view.ts';

/** A header field to write as given: name, and a value already encoded for the wire. */
export interface ExtraHeader {
  name: string;
  value: string;
}

/** Header fields whose convenience property Pli writes, and that property. */
const CONVENIENCE: Record<string, { property: string; form: string }> = {
  from: { property: 'from', form: 'asAddresses' },
  to: { property: 'to', form: 'asAddresses' },
  cc: { property: 'cc', form: 'asAddresses' },
  bcc: { property: 'bcc', form: 'asAddresses' },
  'reply-to': { property: 'replyTo', form: 'asAddresses' },
  subject: { property: 'subject', form: 'asText' },
  date: { property: 'sentAt', form: 'asDate' },
  'in-reply-to': { property: 'inReplyTo', form: 'asMessageIds' },
  references: { property: 'references', form: 'asMessageIds' },
};

/** Fields a create may not set at all. */
const FORBIDDEN = new Set([
  'message-id',
  'mime-version',
  'sender',
  'x-mss-nil',
  'x-mss-mes',
  'disposition-notification-to',
]);

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]{1,76}$/;
const NO_BREAK = /^[^\r\n\0]*$/;

function addressList(value: unknown, property: string): string {
  if (!Array.isArray(value)) throw invalid([property], 'An array of addresses is expected.');
  return value
    .map((a: Args) => {
      const email = typeof a?.email === 'string' ? a.email.trim() : '';
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) throw invalid([property], 'Invalid address.');
      const name = typeof a.name === 'string' && a.name ? a.name : '';
      if (!name) return `<${email}>`;
      return /^[\x20-\x7e]*$/.test(name)
        ? `"${name.replace(/["\\]/g, '\\$&')}" <${email}>`
        : `${encodeWord(name)} <${email}>`;
    })
    .join(', ');
}

function stringList(value: unknown, property: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !NO_BREAK.test(v)))
    throw invalid([property], 'An array of strings is expected.');
  return value as string[];
}

/** One value in its form, encoded as the field's body. */
function encode(form: string, value: unknown, property: string): string {
  switch (form) {
    case 'asRaw':
      if (typeof value !== 'string' || !NO_BREAK.test(value) || !/^[\t\x20-\x7e]*$/.test(value))
        throw invalid([property], 'A raw value is printable ASCII on one line.');
      return value.trim();
    case 'asText':
      if (typeof value !== 'string' || !NO_BREAK.test(value))
        throw invalid([property], 'Text on one line is expected.');
      return encodeWord(value);
    case 'asAddresses':
      return addressList(value, property);
    case 'asMessageIds':
      return stringList(value, property)
        .map((id) => {
          if (!/^[^\s<>]+@[^\s<>]+$/.test(id)) throw invalid([property], 'Invalid message id.');
          return `<${id}>`;
        })
        .join(' ');
    case 'asDate': {
      const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(at)) throw invalid([property], 'A date is expected.');
      return rfc5322Date(new Date(at));
    }
    case 'asURLs':
      return stringList(value, property)
        .map((url) => {
          if (!URL.canParse(url)) throw invalid([property], 'Invalid URL.');
          return `<${url}>`;
        })
        .join(', ');
    default:
      // asGroupedAddresses: groups are not written by Pli's composer.
      throw invalid([property], `The form ${form} cannot be set.`);
  }
}

/**
 * Splits the `header:` properties out of a create: the convenience properties they stand
 * for are returned in `object`, the other fields in `headers`, in the order given.
 */
export function createHeaders(input: Args): { object: Args; headers: ExtraHeader[] } {
  const object: Args = {};
  const headers: ExtraHeader[] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(input)) {
    if (!key.startsWith('header:')) {
      object[key] = value;
      continue;
    }
    const parsed = parseHeaderProperty(key);
    if (!parsed || !FIELD_NAME.test(parsed.name)) throw invalid([key], 'Unknown header property.');
    const name = parsed.name.toLowerCase();
    if (seen.has(name)) throw invalid([key], 'The same header is given twice.');
    seen.add(name);
    if (FORBIDDEN.has(name) || name.startsWith('content-'))
      throw invalid([key], 'This header is written by the server.');
    const values = parsed.all ? value : [value];
    if (!Array.isArray(values)) throw invalid([key], 'An array of values is expected with :all.');
    const convenience = CONVENIENCE[name];
    if (convenience) {
      if (convenience.property in input)
        throw invalid([key, convenience.property], 'Give the header or the property, not both.');
      if (values.length !== 1 || parsed.form !== convenience.form)
        throw invalid([key], `Set ${parsed.name} once, as ${convenience.form}.`);
      object[convenience.property] = values[0];
      continue;
    }
    for (const one of values)
      headers.push({ name: parsed.name, value: encode(parsed.form, one, key) });
  }
  return { object, headers };
}
