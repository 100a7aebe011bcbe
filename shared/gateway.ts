import * as v from 'valibot';

/**
 * The IMAP/SMTP gateway (server/gateway/) and the Worker's side of it: default ports, and
 * the two small endpoints the gateway calls (`POST /api/gateway/login`,
 * `POST /api/gateway/recipients`). The Worker's autoconfig and the gateway read the ports
 * from the same variables, with these defaults.
 *
 * @example
 * const port = Number(env.GATEWAY_SMTP_PORT ?? GATEWAY_DEFAULT_PORTS.smtp);
 */
export const GATEWAY_DEFAULT_PORTS = {
  /** SMTP submission with STARTTLS (RFC 6409; 587 in production). */
  smtp: 1587,
  /** SMTP submission over implicit TLS (RFC 8314; 465 in production). */
  smtps: 1465,
  /** IMAP with STARTTLS (143 in production). */
  imap: 1143,
  /** IMAP over implicit TLS (RFC 8314; 993 in production). */
  imaps: 1993,
} as const;

/** The protocols a gateway login is for (recorded in the traces). */
export const GATEWAY_PROTOCOLS = ['smtp', 'imap'] as const;
export type GatewayProtocol = (typeof GATEWAY_PROTOCOLS)[number];

/**
 * `POST /api/gateway/login` with `Authorization: Bearer <application password>`: a BAL
 * address the token's owner may use (their own, or a delegated one for a delegate without
 * a BAL) and the protocol. Failures are counted per address and lock it.
 */
export const GatewayLoginRequestSchema = v.object({
  address: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(3), v.maxLength(254)),
  protocol: v.picklist(GATEWAY_PROTOCOLS),
});

/** A BAL the logged-in person may send as: their own, or one delegated to them. */
export interface GatewayAccount {
  /** The JMAP account id. */
  id: string;
  address: string;
  role: 'holder' | 'delegate';
}

export interface GatewayLogin {
  /** The person's own BAL address, or null (a delegate without a BAL of their own). */
  ownAddress: string | null;
  /** The BALs the person may send as: their own first, then the delegated ones. */
  accounts: GatewayAccount[];
}

/** `POST /api/gateway/recipients`: the addresses to check against the trust space. */
export const GatewayRecipientsRequestSchema = v.object({
  recipients: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(512))),
    v.minLength(1),
    v.maxLength(100),
  ),
});

export interface GatewayRecipientsCheck {
  /** Empty when every recipient may be sent to. */
  /** `reason`: `invalid_address`, `invalid_patient_address` or `outside_trust_space`. */
  refused: { address: string; reason: string }[];
}
