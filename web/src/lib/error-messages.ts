import type { ErrorCode } from '../../../shared/errors.ts';

/** The French text users see for each error code of the API. Complete by type. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  invalid_request: 'La demande est incomplète ou mal formée. Vérifiez les informations saisies.',
  invalid_encoding:
    'Le contenu envoyé n’est pas encodé en UTF-8. Pour un fichier CSV, enregistrez-le au format « CSV UTF-8 » et réessayez.',
  unauthenticated: 'Votre session a expiré. Veuillez vous reconnecter.',
  invalid_credentials: 'Adresse ou mot de passe incorrect.',
  invalid_code: 'Code incorrect ou expiré. Vérifiez le code reçu ou demandez-en un nouveau.',
  password_rejected:
    'Mot de passe refusé : choisissez au moins 12 caractères, et pas un mot de passe courant.',
  onboarding_refused:
    'La création d’une boîte aux lettres est réservée aux professionnels ayant un exercice enregistré au RPPS.',
  cgu_required:
    'Les conditions générales d’utilisation ont évolué : acceptez la nouvelle version pour continuer.',
  forbidden: 'Vous n’avez pas accès à cette ressource.',
  csrf_rejected: 'La demande a été refusée par mesure de sécurité. Rechargez la page et réessayez.',
  not_found: 'Élément introuvable.',
  conflict: 'Cette action est en conflit avec une modification récente. Réessayez.',
  payload_too_large: 'Le contenu envoyé est trop volumineux.',
  unsupported_media_type:
    'Le format du contenu envoyé n’est pas accepté. Mettez l’application à jour et réessayez.',
  rate_limited: 'Trop de tentatives. Patientez quelques minutes avant de réessayer.',
  over_quota: 'Votre boîte aux lettres est pleine (2 Go). Supprimez des messages pour continuer.',
  internal: 'Une erreur est survenue. Réessayez dans un instant.',
  unavailable: 'Le service est momentanément indisponible. Vérifiez votre connexion.',
};

/** Text for a code, with a generic fallback for a code this client does not know yet. */
export function errorMessage(code: string): string {
  return ERROR_MESSAGES[code as ErrorCode] ?? ERROR_MESSAGES.internal;
}
