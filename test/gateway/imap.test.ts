import { describe, expect, it } from 'vitest';
import { bodyStructure } from '../../server/gateway/imap/body-structure.ts';
import { CommandReader, type ReaderEvent } from '../../server/gateway/imap/command-reader.ts';
import { flagOf, keywordOf } from '../../server/gateway/imap/flags.ts';
import { matchesPattern } from '../../server/gateway/imap/folders.ts';
import { parseMime, partAt } from '../../server/gateway/imap/mime.ts';
import { decodeMutf7, encodeMutf7 } from '../../server/gateway/imap/mutf7.ts';
import { compileNodes } from '../../server/gateway/imap/protocol.ts';
import { compactSet, parseSequenceSet } from '../../server/gateway/imap/sequence.ts';

const limits = { maxLine: 100, maxLiteral: 50, maxAppendLiteral: 1000, maxCommand: 200 };

function read(input: string | Buffer, options = limits) {
  let continuations = 0;
  const reader = new CommandReader(options, () => {
    continuations += 1;
  });
  reader.push(Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1'));
  const events: ReaderEvent[] = [];
  for (let e = reader.next(); e; e = reader.next()) events.push(e);
  return { events, continuations, reader };
}

describe('the IMAP command reader', () => {
  it('reads pipelined commands and literals, asking for synchronizing literals only', () => {
    const { events, continuations } = read('a1 NOOP\r\na2 LOGIN {3}\r\nabc {2+}\r\nxy\r\n');
    expect(events.map((e) => e.kind === 'command' && e.command.text.toString())).toEqual([
      'a1 NOOP',
      'a2 LOGIN {3}\r\nabc {2+}\r\nxy',
    ]);
    expect(continuations).toBe(1);
  });

  it('forbids a line longer than the limit: refused and the connection is to close', () => {
    const { events } = read(`a1 NOOP ${'x'.repeat(200)}`);
    expect(events).toEqual([{ kind: 'refused', tag: '*', text: 'Ligne trop longue', close: true }]);
  });

  it('refuses a synchronizing literal over the limit before it is sent, and reads on', () => {
    const { events, continuations } = read('a1 LOGIN {51}\r\na2 NOOP\r\n');
    expect(events[0]).toMatchObject({ kind: 'refused', tag: 'a1', close: false });
    expect(events[1]).toMatchObject({ kind: 'command' });
    expect(continuations).toBe(0);
  });

  it('forbids a non-synchronizing literal over the limit: the stream cannot be resynchronised', () => {
    const { events } = read('a1 LOGIN {51+}\r\n');
    expect(events[0]).toMatchObject({ kind: 'refused', tag: 'a1', close: true });
  });

  it('takes an APPEND literal up to the message limit, kept out of the parsed text', () => {
    const body = 'x'.repeat(600);
    const { events } = read(`a1 APPEND INBOX {600+}\r\n${body}\r\n`);
    const event = events[0];
    expect(event?.kind).toBe('command');
    if (event?.kind !== 'command') return;
    expect(event.command.text.toString()).toBe('a1 APPEND INBOX {0}\r\n');
    expect(event.command.literals[0]?.toString()).toBe(body);
  });

  it('holds an unterminated literal without answering', () => {
    const { events, reader } = read('a1 LOGIN {40}\r\nabc');
    expect(events).toEqual([]);
    expect(reader.buffered).toBe(0);
  });
});

describe('IMAP names and flags', () => {
  it('writes French folder names in modified UTF-7 and reads them back', () => {
    expect(encodeMutf7('Envoyés')).toBe('Envoy&AOk-s');
    expect(encodeMutf7('Indésirables & co')).toBe('Ind&AOk-sirables &- co');
    expect(decodeMutf7('Ind&AOk-sirables &- co')).toBe('Indésirables & co');
  });

  it('matches LIST patterns: * crosses levels, % does not', () => {
    expect(matchesPattern('INBOX/Labo', '', '*')).toBe(true);
    expect(matchesPattern('INBOX/Labo', '', '%')).toBe(false);
    expect(matchesPattern('INBOX/Labo', 'INBOX/', '%')).toBe(true);
    expect(matchesPattern('Envoyés', '', 'Envoy&AOk-s')).toBe(true);
  });

  it('maps system flags to JMAP keywords and back, and refuses \\Recent', () => {
    expect(keywordOf('\\Seen')).toBe('$seen');
    expect(keywordOf('\\Deleted')).toBe('$deleted');
    expect(keywordOf('$MDNSent')).toBe('$mdnsent');
    expect(keywordOf('\\Recent')).toBeNull();
    expect(flagOf('$mdnsent')).toBe('$MDNSent');
    expect(flagOf('$flagged')).toBe('\\Flagged');
  });

  it('resolves sequence sets with * and writes compact ones', () => {
    expect(parseSequenceSet('1:3,7,9:*', 12)).toEqual([
      [1, 3],
      [7, 7],
      [9, 12],
    ]);
    expect(() => parseSequenceSet('1:x', 3)).toThrow();
    expect(compactSet([1, 2, 3, 7, 9, 10])).toBe('1:3,7,9:10');
  });
});

describe('the MIME structure of a stored message', () => {
  const raw = Buffer.from(
    [
      'From: a@b.fr',
      'Subject: test',
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      'preamble',
      '--XX',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour',
      '--XX',
      'Content-Type: application/pdf; name="r.pdf"',
      'Content-Disposition: attachment; filename="r.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      'JVBERi0=',
      '--XX--',
      '',
    ].join('\r\n'),
  );

  it('finds each part’s bytes by section number', () => {
    const root = parseMime(raw);
    expect(partAt(root, [1])?.body.toString()).toBe('Bonjour');
    expect(partAt(root, [2])?.body.toString()).toBe('JVBERi0=');
    expect(partAt(root, [3])).toBeNull();
    expect(root.header.toString().endsWith('\r\n\r\n')).toBe(true);
  });

  it('writes a BODYSTRUCTURE with the bodies of a multipart side by side', () => {
    const text = compileNodes([bodyStructure(parseMime(raw), true)]);
    expect(text).toBe(
      '(("TEXT" "PLAIN" ("charset" "utf-8") NIL NIL "7BIT" 7 0 NIL NIL NIL NIL)' +
        '("APPLICATION" "PDF" ("name" "r.pdf") NIL NIL "BASE64" 8 NIL ("attachment" ("filename" "r.pdf")) NIL NIL)' +
        ' "MIXED" ("boundary" "XX") NIL NIL NIL)',
    );
  });
});
