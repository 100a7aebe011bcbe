import { useEffect } from 'preact/hooks';
import { SUPPORT_LIMITS } from '../../../../shared/public.ts';
import { PUBLIC_PAGES, type PublicPath } from '../../lib/public-paths.ts';
import {
  cguLoadError,
  cguVersions,
  loadCguVersions,
  SUPPORT_TOPICS,
  sendSupport,
  supportError,
  supportRequest,
  supportSending,
  supportSent,
  updateSupport,
} from '../../models/public-pages.ts';

const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });

/** The CGU in force, and every earlier version, each one folded. */
function CguPage() {
  useEffect(() => {
    void loadCguVersions();
  }, []);
  const versions = cguVersions.value;
  if (cguLoadError.value) return <p role="alert">{cguLoadError.value}</p>;
  if (!versions) return <p role="status">Chargement…</p>;
  const [current, ...previous] = versions;
  if (!current) return <p>Aucune version n’a encore été publiée.</p>;
  return (
    <>
      <article aria-labelledby="cgu-current">
        <h2 id="cgu-current">
          {current.title} — version {current.version} en vigueur depuis le{' '}
          {longDate.format(new Date(current.publishedAt))}
        </h2>
        <p class="cgu-body">{current.body}</p>
      </article>
      {previous.length > 0 && (
        <section aria-labelledby="cgu-previous">
          <h2 id="cgu-previous">Versions précédentes</h2>
          {previous.map((v) => (
            <details key={v.version}>
              <summary>
                Version {v.version} du {longDate.format(new Date(v.publishedAt))}
              </summary>
              <p class="cgu-body">{v.body}</p>
            </details>
          ))}
        </section>
      )}
    </>
  );
}

function LegalNotice() {
  return (
    <>
      <h2>Éditeur du service</h2>
      <p>
        Pli est un service de messagerie sécurisée de santé de l’espace de confiance MSSanté, édité
        et exploité par l’opérateur dont le nom de domaine figure dans votre adresse de messagerie.
        Pour toute question sur le service, utilisez le{' '}
        <a href="/support">formulaire de contact du support</a>.
      </p>
      <h2>Logiciel</h2>
      <p>
        Le logiciel Pli est un logiciel libre, distribué sous la licence GNU Affero General Public
        License, version 3 ou ultérieure (AGPL-3.0-or-later).
      </p>
      <h2>Espace de confiance MSSanté</h2>
      <p>
        Les messages ne peuvent être échangés qu’avec les professionnels de l’espace de confiance
        MSSanté et, dans les cas prévus, avec les patients par leur messagerie Mon espace santé.
        Tout envoi vers une adresse hors de cet espace est refusé avant d’être envoyé.
      </p>
    </>
  );
}

function Privacy() {
  return (
    <>
      <h2>Données traitées</h2>
      <p>
        Pli traite les données nécessaires à la messagerie sécurisée de santé : votre identité de
        professionnel (identifiant national, nom, profession), vos adresses de messagerie et vos
        coordonnées de connexion, les messages et pièces jointes de vos boîtes aux lettres, et les
        traces de connexion et d’envoi exigées par le référentiel MSSanté.
      </p>
      <h2>Finalités</h2>
      <p>
        Ces données servent uniquement à échanger des messages entre professionnels de santé et avec
        les patients, à sécuriser l’accès au service et à en assurer la traçabilité. Elles ne sont
        ni revendues ni utilisées à des fins publicitaires.
      </p>
      <h2>Durées de conservation</h2>
      <ul>
        <li>Messages : jusqu’à leur suppression par vous, ou la suppression de la boîte.</li>
        <li>Données d’identification d’une boîte ou d’un compte supprimé : un an.</li>
        <li>Traces fonctionnelles : dix ans après la suppression de la boîte.</li>
        <li>Traces techniques : un an.</li>
        <li>Statistiques par utilisateur : trois mois (seuls des totaux anonymes restent).</li>
      </ul>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez exporter vos messages et votre historique depuis les paramètres du compte. Pour
        exercer vos droits d’accès, de rectification, d’effacement ou d’opposition, écrivez au{' '}
        <a href="/support">support</a>. Vous pouvez aussi saisir la CNIL.
      </p>
    </>
  );
}

function SupportForm() {
  const value = supportRequest.value;
  if (supportSent.value) {
    return (
      <p class="notice" role="status">
        Votre demande a été envoyée au support. Une copie vous a été adressée à {supportSent.value}.
      </p>
    );
  }
  return (
    <form
      aria-label="Demande au support"
      onSubmit={(event) => {
        event.preventDefault();
        void sendSupport();
      }}
    >
      <p class="hint">
        N’indiquez aucune donnée de santé ni d’information sur un patient dans ce formulaire. En cas
        d’urgence médicale, composez le 15.
      </p>
      <label>
        Votre nom
        <input
          type="text"
          name="name"
          autoComplete="name"
          required
          maxLength={SUPPORT_LIMITS.name}
          value={value.name}
          onInput={(e) => updateSupport({ name: e.currentTarget.value })}
        />
      </label>
      <label>
        Votre adresse électronique (vous recevrez une copie)
        <input
          type="email"
          name="email"
          autoComplete="email"
          required
          value={value.email}
          onInput={(e) => updateSupport({ email: e.currentTarget.value })}
        />
      </label>
      <label>
        Sujet
        <select
          name="topic"
          value={value.topic}
          onChange={(e) =>
            updateSupport({ topic: e.currentTarget.value as keyof typeof SUPPORT_TOPICS })
          }
        >
          {Object.entries(SUPPORT_TOPICS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Objet
        <input
          type="text"
          name="subject"
          required
          maxLength={SUPPORT_LIMITS.subject}
          value={value.subject}
          onInput={(e) => updateSupport({ subject: e.currentTarget.value })}
        />
      </label>
      <label>
        Votre demande
        <textarea
          name="message"
          rows={8}
          required
          maxLength={SUPPORT_LIMITS.message}
          value={value.message}
          onInput={(e) => updateSupport({ message: e.currentTarget.value })}
        />
      </label>
      {supportError.value && (
        <p class="error" role="alert">
          {supportError.value}
        </p>
      )}
      <button type="submit" class="button primary" disabled={supportSending.value}>
        {supportSending.value ? 'Envoi…' : 'Envoyer la demande'}
      </button>
    </form>
  );
}

const BODIES: Record<PublicPath, () => preact.JSX.Element> = {
  '/cgu': CguPage,
  '/mentions-legales': LegalNotice,
  '/confidentialite': Privacy,
  '/support': SupportForm,
};

/** A public page: readable signed out, with a way back to the webmail. */
export function PublicPage({ path }: { path: PublicPath }) {
  const Body = BODIES[path];
  useEffect(() => {
    document.title = `${PUBLIC_PAGES[path]} — Pli`;
  }, [path]);
  return (
    <main class="public-page">
      <p>
        <a href="/">← Retour à la messagerie</a>
      </p>
      <h1>{PUBLIC_PAGES[path]}</h1>
      <Body />
    </main>
  );
}
