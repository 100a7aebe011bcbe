import type { Card } from './cards.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1c1c1c}' +
  'header{background:#000091;color:#fff;padding:.75rem 1rem;border-radius:6px}' +
  'ul{list-style:none;padding:0}li{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.75rem}' +
  'button{font:inherit;padding:.5rem .9rem;background:#000091;color:#fff;border:0;border-radius:4px;cursor:pointer}' +
  '.hint{color:#555}';

export function layout(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><header><strong>Pro Santé Connect</strong> · simulateur local de développement</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The card chooser: "Choisissez une carte CPS de test". */
export function chooserPage(uid: string, cards: Card[]): string {
  const items = cards
    .map(
      (card) =>
        `<li><form method="post" action="/interaction/${escapeHtml(uid)}/login"><input type="hidden" name="idNat" value="${escapeHtml(card.idNat)}"><strong>${escapeHtml(`${card.civility === 'DR' ? 'Dr ' : ''}${card.givenName} ${card.familyName}`)}</strong> – ${escapeHtml(card.label)}<br><span class="hint">idNat ${escapeHtml(card.idNat)} · ${escapeHtml(`${card.postcode} ${card.city}`)}</span><br><button type="submit">Utiliser cette carte</button></form></li>`,
    )
    .join('');
  return layout(
    'Choisissez une carte CPS de test',
    `<p class="hint">Cartes fictives pour le développement : aucune donnée réelle. Un paramètre <code>login_hint=&lt;idNat&gt;</code> passe cette page.</p><ul>${items}</ul>`,
  );
}

/** The provider's logout confirmation page (oidc-provider gives the form). */
export function logoutPage(form: string): string {
  return layout(
    'Déconnexion de Pro Santé Connect',
    `${form}<p>Voulez-vous vous déconnecter de Pro Santé Connect ?</p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter de Pro Santé Connect</button>`,
  );
}

export function loggedOutPage(): string {
  return layout(
    'Vous êtes déconnecté de Pro Santé Connect',
    '<p>Vous pouvez fermer cette page.</p>',
  );
}

export function errorPage(error: string, description: string): string {
  return layout(
    'Erreur de Pro Santé Connect',
    `<p><strong>${escapeHtml(error)}</strong></p><p>${escapeHtml(description)}</p>`,
  );
}
