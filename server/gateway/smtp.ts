import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerAuthentication,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import type { GatewayAccount, GatewayLogin } from '../../shared/gateway.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { MSS_NIL } from '../../shared/mssante/nil.ts';
import { type GatewayConfig, isLoopback } from './config.ts';
import type { TlsMaterial } from './tls.ts';
import { type WorkerClient, WorkerError } from './worker-client.ts';

/** The most recipients of one message (as the Worker's /inbound envelope allows). */
export const MAX_RECIPIENTS = 100;

/** What an authenticated connection holds: the Worker's answer and the token, in memory only. */
interface SmtpUser {
  login: GatewayLogin;
  token: string;
}

/** An SMTP reply: code, then its enhanced status code and text (RFC 3463). */
export class SmtpReply extends Error {
  readonly responseCode: number;
  constructor(code: number, enhanced: string, text: string) {
    super(`${enhanced} ${text}`);
    this.responseCode = code;
  }
}

// smtp-server derives the enhanced status code from the reply code alone (550 gives
// 5.1.1); a reply text that starts with its own enhanced code (`550 5.7.1 ...`) keeps it.
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;
const originalSend = SMTPConnection.prototype.send;
SMTPConnection.prototype.send = function send(code, data, context) {
  const own = typeof data === 'string' && ENHANCED.test(data);
  return originalSend.call(this, code, data, own ? false : context);
};

const REASONS: Record<string, string> = {
  outside_trust_space: "destinataire hors de l'espace de confiance MSSante",
  invalid_patient_address: 'adresse patient invalide (INS incorrect)',
  invalid_address: 'adresse invalide',
};

const unavailable = () =>
  new SmtpReply(451, '4.3.0', 'Service momentanement indisponible, reessayez plus tard');

function userOf(session: SMTPServerSession): SmtpUser {
  return session.user as SmtpUser;
}

function accountOf(user: SmtpUser, address: string): GatewayAccount | undefined {
  const wanted = address.toLowerCase();
  return user.login.accounts.find((a) => a.address.toLowerCase() === wanted);
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');

/**
 * The message with the header fields the gateway is responsible for: `X-MSS-NIL` when the
 * client set none (a practice software names itself), and for a delegate's message
 * `Sender: <address>` instead of any Sender the client wrote (who actually sent it,
 * RFC 5322 3.6.2). The body and every other byte are unchanged.
 */
export function withGatewayHeaders(raw: Buffer, options: { sender: string | null }): Buffer {
  let end = raw.indexOf(CRLF_CRLF);
  let sep = 4;
  const lf = raw.indexOf(LF_LF);
  if (end === -1 || (lf !== -1 && lf < end)) {
    end = lf;
    sep = 2;
  }
  const headerEnd = end === -1 ? raw.length : end + sep / 2;
  const header = raw.subarray(0, headerEnd).toString('latin1');
  const fields = header.split(/(?<=\n)(?=[^ \t])/);
  const added: string[] = [];
  if (!fields.some((field) => /^x-mss-nil[ \t]*:/i.test(field))) {
    added.push(`X-MSS-NIL: ${MSS_NIL}\r\n`);
  }
  if (options.sender) added.push(`Sender: <${options.sender}>\r\n`);
  const kept = options.sender ? fields.filter((field) => !/^sender[ \t]*:/i.test(field)) : fields;
  return Buffer.concat([
    Buffer.from(added.join(''), 'latin1'),
    Buffer.from(kept.join(''), 'latin1'),
    raw.subarray(headerEnd),
  ]);
}

type Args = Record<string, unknown>;

/** The refusal of a JMAP SetError, as an SMTP reply. */
function refusalOf(error: Args): SmtpReply {
  switch (error.type) {
    case 'invalidRecipients':
      return new SmtpReply(550, '5.7.1', `Refuse: ${REASONS.outside_trust_space}`);
    case 'tooLarge':
      return new SmtpReply(552, '5.3.4', 'Message trop volumineux (25 Mo au plus)');
    case 'forbiddenFrom':
      return new SmtpReply(550, '5.7.1', "L'en-tete From doit etre l'adresse de l'enveloppe");
    case 'overQuota':
      return new SmtpReply(552, '5.2.2', 'La BAL est pleine');
    case 'invalidEmail':
      return new SmtpReply(554, '5.6.0', 'Message mal forme ou trop complexe');
    case 'noRecipients':
      return new SmtpReply(554, '5.5.1', 'Aucun destinataire');
    default:
      return new SmtpReply(554, '5.0.0', 'Message refuse');
  }
}

/**
 * Sends a submitted message the way the webmail does: uploaded, imported into Drafts,
 * submitted (EmailSubmission/set: trust space, MSSante headers, quota, traces, DSN) and
 * on success moved to Sent, so that the BAL holds exactly one copy, in Sent. A refused
 * submission leaves nothing behind.
 */
async function submit(
  client: WorkerClient,
  user: SmtpUser,
  envelope: SMTPServerSession['envelope'],
  message: Buffer,
): Promise<void> {
  const mailFrom = envelope.mailFrom ? envelope.mailFrom.address : '';
  const account = accountOf(user, mailFrom);
  if (!account) throw new SmtpReply(553, '5.7.1', 'Envoi refuse au nom de cette adresse');
  const raw = withGatewayHeaders(message, {
    sender: account.role === 'delegate' ? user.login.ownAddress : null,
  });
  const accountId = account.id;
  const setup = await client.jmap(user.token, [
    ['Mailbox/get', { accountId, properties: ['id', 'role'] }, 'm'],
    ['Identity/get', { accountId }, 'i'],
  ]);
  const mailboxes = (setup.get('m')?.[1].list ?? []) as { id: string; role: string | null }[];
  const drafts = mailboxes.find((m) => m.role === 'drafts')?.id;
  const sent = mailboxes.find((m) => m.role === 'sent')?.id;
  const identities = (setup.get('i')?.[1].list ?? []) as { id: string; email: string }[];
  const identity = identities.find((i) => i.email.toLowerCase() === account.address.toLowerCase());
  if (!drafts || !sent || !identity) throw unavailable();

  const blobId = await client.upload(user.token, accountId, raw);
  const dsn = envelope.dsn;
  const mailFromParameters =
    dsn && (dsn.ret || dsn.envid)
      ? { ...(dsn.ret ? { RET: dsn.ret } : {}), ...(dsn.envid ? { ENVID: dsn.envid } : {}) }
      : null;
  const rcptTo = envelope.rcptTo.map((r) => ({
    email: r.address,
    parameters:
      r.dsn && (r.dsn.notify || r.dsn.orcpt)
        ? {
            ...(r.dsn.notify ? { NOTIFY: r.dsn.notify.join(',') } : {}),
            ...(r.dsn.orcpt ? { ORCPT: r.dsn.orcpt } : {}),
          }
        : null,
  }));
  const responses = await client.jmap(user.token, [
    [
      'Email/import',
      {
        accountId,
        emails: {
          msg: { blobId, mailboxIds: { [drafts]: true }, keywords: { $draft: true, $seen: true } },
        },
      },
      'e',
    ],
    [
      'EmailSubmission/set',
      {
        accountId,
        create: {
          send: {
            identityId: identity.id,
            emailId: '#msg',
            envelope: { mailFrom: { email: mailFrom, parameters: mailFromParameters }, rcptTo },
          },
        },
        onSuccessUpdateEmail: {
          '#send': {
            [`mailboxIds/${drafts}`]: null,
            [`mailboxIds/${sent}`]: true,
            'keywords/$draft': null,
          },
        },
      },
      's',
    ],
  ]);
  const imported = responses.get('e');
  if (!imported || imported[0] === 'error') throw unavailable();
  const notImported = (imported[1].notCreated as Record<string, Args> | null)?.msg;
  if (notImported) throw refusalOf(notImported);
  const emailId = (imported[1].created as Record<string, { id: string }>).msg?.id;
  const submitted = responses.get('s');
  const refused =
    !submitted || submitted[0] === 'error'
      ? { type: 'serverFail' }
      : (submitted[1].notCreated as Record<string, Args> | null)?.send;
  if (refused) {
    // Nothing was sent: the imported copy goes too, the client still has the message.
    if (emailId) {
      await client
        .jmap(user.token, [['Email/set', { accountId, destroy: [emailId] }, 'd']])
        .catch(() => undefined);
    }
    throw submitted && submitted[0] !== 'error' ? refusalOf(refused) : unavailable();
  }
}

/** Reads the DATA stream, at most `limit` bytes kept (smtp-server refuses the rest). */
function readMessage(stream: SMTPServerDataStream, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () =>
      resolve(stream.sizeExceeded || size > limit ? null : Buffer.concat(chunks)),
    );
  });
}

export interface SubmissionServerOptions {
  config: GatewayConfig;
  tls: TlsMaterial;
  client: WorkerClient;
  /** Implicit TLS (465 style) instead of STARTTLS (587 style). */
  implicitTls: boolean;
}

/**
 * An SMTP submission server (RFC 6409) on nodemailer's smtp-server: EHLO, STARTTLS (or
 * implicit TLS), AUTH PLAIN and LOGIN with the BAL address and an application password,
 * SIZE (25 MiB), 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES, DSN. MAIL FROM must be a BAL
 * the person may send as; each RCPT TO is checked against the trust space at once. Logs
 * nothing of a message, an address or a credential.
 */
export function createSubmissionServer(options: SubmissionServerOptions): SMTPServer {
  const { config, client } = options;
  return new SMTPServer({
    secure: options.implicitTls,
    key: options.tls.key,
    cert: options.tls.cert,
    minVersion: 'TLSv1.2',
    name: config.hostname,
    banner: 'Pli, soumission MSSante',
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: config.plaintextAuth,
    hideSTARTTLS: options.implicitTls,
    hide8BITMIME: false,
    hideSMTPUTF8: false,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    hidePIPELINING: false,
    disabledCommands: options.implicitTls ? ['STARTTLS'] : [],
    maxClients: 1000,
    logger: false,
    disableReverseLookup: true,

    onAuth(auth: SMTPServerAuthentication, session, callback) {
      if (!session.secure && !(config.plaintextAuth && isLoopback(session.remoteAddress))) {
        callback(new SmtpReply(538, '5.7.11', 'Chiffrement requis: utilisez STARTTLS'));
        return;
      }
      const address = auth.username ?? '';
      const password = auth.password ?? '';
      if (!address || !password) {
        callback(new SmtpReply(535, '5.7.8', 'Identifiants invalides'));
        return;
      }
      client.login(address, password, 'smtp').then(
        (login) => callback(null, { user: { login, token: password } satisfies SmtpUser }),
        (error: unknown) => {
          const code = error instanceof WorkerError ? error.code : '';
          if (code === 'invalid_credentials' || code === 'invalid_request') {
            callback(
              new SmtpReply(535, '5.7.8', "Adresse ou mot de passe d'application incorrect"),
            );
          } else if (code === 'rate_limited') {
            callback(new SmtpReply(454, '4.7.0', 'Trop de tentatives, reessayez plus tard'));
          } else if (code === 'cgu_required') {
            callback(
              new SmtpReply(535, '5.7.8', "Acceptez d'abord les nouvelles CGU dans le webmail"),
            );
          } else {
            callback(new SmtpReply(454, '4.7.0', 'Authentification momentanement indisponible'));
          }
        },
      );
    },

    onMailFrom(address: SMTPServerAddress, session, callback) {
      const user = userOf(session);
      if (!accountOf(user, address.address)) {
        callback(new SmtpReply(553, '5.7.1', 'Vous ne pouvez pas envoyer au nom de cette adresse'));
        return;
      }
      callback();
    },

    onRcptTo(address: SMTPServerAddress, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) {
        callback(new SmtpReply(452, '4.5.3', 'Trop de destinataires'));
        return;
      }
      client.checkRecipients(userOf(session).token, [address.address]).then(
        ({ refused }) => {
          const first = refused[0];
          if (first) {
            const reason = REASONS[first.reason] ?? REASONS.outside_trust_space;
            callback(new SmtpReply(550, '5.7.1', `Destinataire refuse: ${reason}`));
          } else callback();
        },
        () => callback(unavailable()),
      );
    },

    onData(stream: SMTPServerDataStream, session, callback) {
      readMessage(stream, MAX_MESSAGE_BYTES)
        .then(async (message) => {
          // An oversized message was not kept (smtp-server answers it with 552 too).
          if (!message) {
            return callback(new SmtpReply(552, '5.3.4', 'Message trop volumineux (25 Mo au plus)'));
          }
          await submit(client, userOf(session), session.envelope, message);
          callback(null, 'Message envoye');
        })
        .catch((error: unknown) => callback(error instanceof SmtpReply ? error : unavailable()));
    },
  });
}
