/**
 * What the service would have sent outside the trust space, as listed by `GET /dev/outbox`
 * in development: one-time codes, notices, mail to other operators.
 *
 * @example
 * const { items } = (await (await fetch('/dev/outbox')).json()) as DevOutbox;
 * const lastCode = items.find((i) => i.kind === 'email' && i.to === address);
 */
export type DevOutboxKind = 'email' | 'sms' | 'operator-mail';

export interface DevOutboxItem {
  id: number;
  kind: DevOutboxKind;
  /** Recipient: an email address or a phone number. */
  to: string;
  from: string | null;
  subject: string | null;
  /** Plain text of the email or SMS; the raw RFC 5322 message for operator mail. */
  body: string;
  /** ISO 8601 time of sending. */
  createdAt: string;
}

export interface DevOutbox {
  items: DevOutboxItem[];
}
