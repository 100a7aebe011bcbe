/**
 * The local Pro Santé Connect stand-in, for development and tests only (production never
 * starts it). A real OIDC provider (oidc-provider) shaped like PSC: the wallet discovery
 * path, Keycloak's endpoint paths, PSC claims, a page "Choisissez une carte CPS de test";
 * `login_hint=<idNat>` skips the page.
 *
 * Usage: node scripts/psc-stand-in/main.ts --port 8790 --pli http://127.0.0.1:8787
 *   [--client-id pli-local] [--client-secret ...] [--userinfo json|jwt]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { CARDS, cardByIdNat, subOf } from './cards.ts';
import { chooserPage } from './pages.ts';
import { createProvider } from './provider.ts';

/** The realm path of PSC's issuer. */
export const REALM_PATH = '/auth/realms/esante-wallet';
export const DEFAULT_CLIENT_ID = 'pli-local';
export const DEFAULT_CLIENT_SECRET = 'pli-local-stand-in-secret';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8790' },
    pli: { type: 'string', default: 'http://127.0.0.1:8787' },
    'client-id': { type: 'string', default: DEFAULT_CLIENT_ID },
    'client-secret': { type: 'string', default: DEFAULT_CLIENT_SECRET },
    userinfo: { type: 'string', default: 'jwt' },
  },
});

const port = Number(values.port);
const issuer = `http://localhost:${port}${REALM_PATH}`;
const provider = createProvider({
  issuer,
  pliUrl: values.pli.replace(/\/$/, ''),
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  userinfoJwt: values.userinfo !== 'json',
});
const oidc = provider.callback();

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function finishLogin(req: IncomingMessage, res: ServerResponse, idNat: string) {
  const details = await provider.interactionDetails(req, res);
  const accountId = subOf(idNat);
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id ?? '' });
  grant.addOIDCScope(details.params.scope ?? 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId, acr: 'eidas1', amr: ['hwk'] }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

function html(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

async function interaction(req: IncomingMessage, res: ServerResponse, path: string) {
  const [, , uid, action] = path.split('/');
  if (!uid) return html(res, 404, 'Introuvable');
  if (req.method === 'POST' && action === 'login') {
    const idNat = (await readForm(req)).get('idNat') ?? '';
    if (!cardByIdNat(idNat)) return html(res, 400, 'Carte inconnue');
    return finishLogin(req, res, idNat);
  }
  const details = await provider.interactionDetails(req, res);
  const hinted = details.params.login_hint ? cardByIdNat(details.params.login_hint) : undefined;
  if (hinted) return finishLogin(req, res, hinted.idNat);
  if (details.prompt.name === 'consent' && details.session?.accountId) {
    const card = CARDS.find((c) => subOf(c.idNat) === details.session?.accountId);
    if (card) return finishLogin(req, res, card.idNat);
  }
  return html(res, 200, chooserPage(uid, CARDS));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const route = async () => {
    if (url.pathname.startsWith('/interaction/')) return interaction(req, res, url.pathname);
    if (url.pathname.startsWith(REALM_PATH)) {
      let rest = (req.url ?? '').slice(REALM_PATH.length) || '/';
      // PSC publishes its metadata at a non-standard path: serve it from the standard one.
      rest = rest.replace(
        '/.well-known/wallet-openid-configuration',
        '/.well-known/openid-configuration',
      );
      Object.assign(req, { originalUrl: `${REALM_PATH}${rest}`, url: rest });
      return oidc(req, res);
    }
    if (url.pathname === '/') {
      return html(res, 200, `Pro Santé Connect (simulateur local) : ${issuer}`);
    }
    return html(res, 404, 'Introuvable');
  };
  route().catch((error: unknown) => {
    console.error('psc-stand-in:', (error as Error).message);
    if (!res.headersSent) html(res, 500, 'Erreur du simulateur');
  });
});

// Both loopback addresses, so that `localhost` works whichever one a client resolves.
server.listen(port, '127.0.0.1', () => {
  console.log(`PSC stand-in ready at ${issuer}`);
});
const server6 = createServer(server.listeners('request')[0] as Parameters<typeof createServer>[0]);
server6.on('error', () => {});
server6.listen(port, '::1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    server6.close();
    process.exit(0);
  });
}
