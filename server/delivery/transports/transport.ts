/** One message to hand to another operator (or, for notices, to an outside address). */
export interface OutgoingMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Uint8Array;
}

/**
 * What a transport answers: accepted, or refused for now (retry later) or for good (the
 * sender gets a DSN). `reply` is the server's status line, never message content.
 */
export type TransportResult = { ok: true } | { ok: false; permanent: boolean; reply: string };

/** A way out of Pli: the SMTP relay, the Cloudflare email binding, or the dev sink. */
export interface Transport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<TransportResult>;
}
