/** Commands of any state: CAPABILITY, NOOP, LOGOUT, ID, ENABLE, STARTTLS, LOGIN, AUTHENTICATE. */
import type { GatewayAccount } from '../../../shared/gateway.ts';
import { WorkerError } from '../worker-client.ts';
import { MailAccount } from './account.ts';
import { ANY, AUTHENTICATED, type CommandHandler } from './command-types.ts';
import { compile, ImapError, listOf, nodeValue, status, str, text } from './protocol.ts';
import type { ImapSession } from './session.ts';

async function login(session: ImapSession, tag: string, address: string, password: string) {
  if (!session.loginAllowed) {
    throw new ImapError('NO', 'Chiffrement requis: utilisez STARTTLS', 'PRIVACYREQUIRED');
  }
  if (!address || !password) {
    throw new ImapError(
      'NO',
      "Adresse ou mot de passe d'application incorrect",
      'AUTHENTICATIONFAILED',
    );
  }
  const { client } = session.options;
  let accounts: GatewayAccount[];
  try {
    accounts = (await client.login(address, password, 'imap')).accounts;
  } catch (error) {
    const code = error instanceof WorkerError ? error.code : '';
    if (code === 'invalid_credentials' || code === 'invalid_request') {
      throw new ImapError(
        'NO',
        "Adresse ou mot de passe d'application incorrect",
        'AUTHENTICATIONFAILED',
      );
    }
    if (code === 'rate_limited') {
      throw new ImapError('NO', 'Trop de tentatives, reessayez plus tard', 'UNAVAILABLE');
    }
    if (code === 'cgu_required') {
      throw new ImapError(
        'NO',
        "Acceptez d'abord les nouvelles CGU dans le webmail",
        'CONTACTADMIN',
      );
    }
    throw new ImapError('NO', 'Authentification momentanement indisponible', 'UNAVAILABLE');
  }
  const wanted = address.trim().toLowerCase();
  const account = accounts.find((a) => a.address.toLowerCase() === wanted);
  if (!account) {
    throw new ImapError(
      'NO',
      "Adresse ou mot de passe d'application incorrect",
      'AUTHENTICATIONFAILED',
    );
  }
  // The login's BAL first; the others the person may use go to the shared namespace.
  const others = accounts.filter((a) => a !== account);
  session.authenticated([account, ...others].map((a) => new MailAccount(client, password, a)));
  session.write(status(tag, 'OK', 'Connecte', session.capabilityCode()));
}

/** SASL PLAIN (RFC 4616): `authzid NUL authcid NUL password`; authzid, if any, must match. */
function plain(response: string): { address: string; password: string } | null {
  const decoded = Buffer.from(response, 'base64').toString('utf8');
  const parts = decoded.split('\0');
  if (parts.length !== 3) return null;
  const [authz = '', address = '', password = ''] = parts;
  if (authz && authz.toLowerCase() !== address.toLowerCase()) return null;
  return { address, password };
}

export const authCommands: Record<string, CommandHandler> = {
  CAPABILITY: {
    states: ANY,
    async run(session, { tag }) {
      session.write(compile('*', 'CAPABILITY', [text(session.capabilities().join(' '))]));
      session.write(status(tag, 'OK', 'Capacites'));
    },
  },
  NOOP: {
    states: ANY,
    async run(session, { tag }) {
      await session.selected?.refresh((b) => session.write(b), { expunges: true });
      session.write(status(tag, 'OK', 'NOOP termine'));
    },
  },
  CHECK: {
    states: ['selected'],
    async run(session, { tag }) {
      session.write(status(tag, 'OK', 'CHECK termine'));
    },
  },
  LOGOUT: {
    states: [...ANY, 'logout'],
    async run(session, { tag }) {
      session.write(status('*', 'BYE', 'Au revoir'));
      session.write(status(tag, 'OK', 'LOGOUT termine'));
      session.close();
    },
  },
  ID: {
    states: ANY,
    async run(session, { tag }) {
      session.write(compile('*', 'ID', [[str('name'), str('Pli'), str('vendor'), str('Pli')]]));
      session.write(status(tag, 'OK', 'ID termine'));
    },
  },
  ENABLE: {
    states: AUTHENTICATED,
    async run(session, { tag }) {
      // No extension that needs ENABLE is offered yet: none is enabled.
      session.write(compile('*', 'ENABLED'));
      session.write(status(tag, 'OK', 'ENABLE termine'));
    },
  },
  STARTTLS: {
    states: ['notAuthenticated'],
    async run(session, { tag }) {
      if (session.secure || session.options.implicitTls) {
        throw new ImapError('BAD', 'TLS deja actif');
      }
      session.write(status(tag, 'OK', 'Commencez la negociation TLS'));
      session.startTls();
    },
  },
  LOGIN: {
    states: ['notAuthenticated'],
    async run(session, { tag, attributes }) {
      await login(session, tag, nodeValue(attributes[0]) ?? '', nodeValue(attributes[1]) ?? '');
    },
  },
  AUTHENTICATE: {
    states: ['notAuthenticated'],
    async run(session, { tag, attributes, words }) {
      const mechanism = (words[0] ?? nodeValue(attributes[0]) ?? '').toUpperCase();
      const initial = words[0] ? attributes[0] : attributes[1];
      if (mechanism !== 'PLAIN') throw new ImapError('NO', 'Mecanisme non pris en charge');
      if (!session.loginAllowed) {
        throw new ImapError('NO', 'Chiffrement requis: utilisez STARTTLS', 'PRIVACYREQUIRED');
      }
      const finish = async (response: string) => {
        if (response.trim() === '*') throw new ImapError('BAD', 'Authentification annulee');
        const credentials = plain(response.trim() === '=' ? '' : response.trim());
        if (!credentials) {
          throw new ImapError('NO', 'Reponse SASL invalide', 'AUTHENTICATIONFAILED');
        }
        await login(session, tag, credentials.address, credentials.password);
      };
      const ir = nodeValue(initial);
      if (ir !== null && !listOf(initial)) {
        await finish(ir);
        return;
      }
      session.write(Buffer.from('+ \r\n'));
      session.continuation = async (line) => {
        try {
          await finish(line);
        } catch (error) {
          if (!(error instanceof ImapError)) throw error;
          session.write(status(tag, error.kind, error.message, error.code));
        }
      };
    },
  },
};
