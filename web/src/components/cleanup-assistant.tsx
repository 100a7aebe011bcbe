import { useEffect, useState } from 'preact/hooks';
import { CLEANUP, type CleanupGroup, cleanupGroupTitle } from '../../../shared/account/cleanup.ts';
import {
  cleanup,
  cleanupAge,
  cleanupBusy,
  cleanupError,
  cleanupNotice,
  emptyTrash,
  loadCleanup,
  trashMessages,
} from '../models/cleanup.ts';
import { cleanupOpen, humanSize } from '../models/quota.ts';
import { ruleDraft, ruleForCleanup, ruleMessage } from '../models/rules.ts';
import { LazyPending, useLazyComponent } from '../views/lazy.tsx';
import { Feedback } from './feedback.tsx';

const loadRuleEditor = () => import('./rules-section.tsx').then((m) => m.RuleEditor);

/** The rule form, for a rule the assistant suggests; fetched the first time. */
function SuggestedRule() {
  const { View, failed } = useLazyComponent(loadRuleEditor);
  return View ? <View /> : <LazyPending failed={failed} />;
}

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' });
const messagesText = (n: number) => `${n} message${n > 1 ? 's' : ''}`;

/** A group of the Corbeille: emptied after a confirmation, since nothing comes back. */
function TrashGroup({ group }: { group: CleanupGroup }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <strong>Corbeille</strong> : {messagesText(group.count)}, environ {humanSize(group.bytes)}{' '}
      {confirming ? (
        <span>
          Supprimer définitivement {messagesText(group.emailIds.length)} ?{' '}
          <button
            type="button"
            class="button primary"
            disabled={cleanupBusy.value}
            onClick={async () => {
              await emptyTrash(group.emailIds);
              setConfirming(false);
            }}
          >
            Confirmer la suppression définitive
          </button>{' '}
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            Annuler
          </button>
        </span>
      ) : (
        <button type="button" class="button" onClick={() => setConfirming(true)}>
          Vider la corbeille
        </button>
      )}
    </li>
  );
}

/**
 * « Libérer de l’espace »: what takes room in the BAL, grouped (old mail, lab results,
 * newsletters, the heaviest correspondents) and the largest messages, each moved to the
 * Corbeille in one click; then the Corbeille emptied, which frees the space.
 */
export function CleanupAssistant() {
  useEffect(() => {
    void loadCleanup();
  }, []);
  const found = cleanup.value;
  const trash = found?.groups.find((g) => g.kind === 'trash');
  const groups = found?.groups.filter((g) => g.kind !== 'trash') ?? [];
  return (
    <section class="cleanup" aria-labelledby="cleanup-title">
      <h2 id="cleanup-title">Libérer de l’espace</h2>
      <p class="hint">
        {found ? `Votre boîte utilise ${humanSize(found.usedBytes)}. ` : ''}
        Mettez à la corbeille ce dont vous n’avez plus besoin, puis videz la corbeille : c’est ce
        qui libère l’espace.
      </p>
      <Feedback notice={cleanupNotice.value} error={cleanupError.value} />
      {!found && !cleanupError.value && <p role="status">Analyse de la boîte…</p>}
      {found && (
        <>
          <label>
            Ancienneté des messages
            <select
              value={String(cleanupAge.value)}
              onChange={(e) => {
                cleanupAge.value = Number(e.currentTarget.value);
                void loadCleanup();
              }}
            >
              {CLEANUP.ageChoices.map((months) => (
                <option key={months} value={String(months)}>
                  plus de {months} mois
                </option>
              ))}
            </select>
          </label>
          <ul class="cleanup-groups" aria-label="Suggestions">
            {trash && <TrashGroup group={trash} />}
            {groups.map((group) => {
              const title = cleanupGroupTitle(group);
              return (
                <li key={`${group.kind}:${group.sender ?? ''}`}>
                  <strong>{title}</strong> : {messagesText(group.count)}, environ{' '}
                  {humanSize(group.bytes)}{' '}
                  <button
                    type="button"
                    class="button"
                    aria-label={`Mettre à la corbeille : ${title}`}
                    disabled={cleanupBusy.value}
                    onClick={() => void trashMessages(group.emailIds)}
                  >
                    Mettre à la corbeille
                  </button>
                  {(group.kind === 'sender' || group.kind === 'labResults') && (
                    <>
                      {' '}
                      <button
                        type="button"
                        class="button"
                        aria-label={`Créer une règle : ${title}`}
                        onClick={() =>
                          ruleForCleanup({
                            sender: group.sender,
                            labResult: group.kind === 'labResults',
                          })
                        }
                      >
                        Créer une règle
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {ruleDraft.value?.from === 'cleanup' && (
            <>
              <p class="hint">
                Classez d’office ces messages dans un dossier, puis donnez à ce dossier une durée de
                conservation (« Conservation ») : ils ne rempliront plus la boîte.
              </p>
              <SuggestedRule />
            </>
          )}
          {ruleMessage.value && (
            <p class="notice" role="status">
              {ruleMessage.value}
            </p>
          )}
          {found.largest.length > 0 && (
            <>
              <h3>Les messages les plus volumineux</h3>
              <ul class="cleanup-largest" aria-label="Messages les plus volumineux">
                {found.largest.map((message) => (
                  <li key={message.id}>
                    <span>
                      {message.subject || '(sans objet)'} — {message.from ?? 'expéditeur inconnu'},{' '}
                      {day.format(new Date(message.receivedAt))} : {humanSize(message.size)}
                    </span>{' '}
                    <button
                      type="button"
                      class="button"
                      aria-label={`Mettre à la corbeille « ${message.subject || 'sans objet'} »`}
                      disabled={cleanupBusy.value}
                      onClick={() => void trashMessages([message.id])}
                    >
                      Mettre à la corbeille
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <p class="actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            cleanupOpen.value = false;
          }}
        >
          Fermer
        </button>
      </p>
    </section>
  );
}
