import { decodeWords } from 'postal-mime';
import { headerValue } from '../../mail/mime-tree.ts';
import { recordOutbox } from '../../storage/dev-outbox.ts';
import { readHeaders } from '../raw-headers.ts';
import type { Transport } from './transport.ts';

/**
 * Development: records each message as an `operator-mail` entry of the dev outbox
 * (`GET /dev/outbox`), one per recipient, the raw message as the body. Sends nothing.
 */
export function devSinkTransport(db: D1Database): Transport {
  return {
    name: 'dev-sink',
    async send(mail) {
      const encoded = headerValue(readHeaders(mail.raw), 'Subject');
      const subject = encoded === undefined ? null : decodeWords(encoded);
      const body = new TextDecoder().decode(mail.raw);
      for (const to of mail.rcptTo) {
        await recordOutbox(db, { kind: 'operator-mail', to, from: mail.mailFrom, subject, body });
      }
      return { ok: true };
    },
  };
}
