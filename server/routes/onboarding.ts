import { type Context, Hono } from 'hono';
import {
  OnboardingCompleteSchema,
  type OnboardingDone,
  OnboardingEmailRequestSchema,
  OnboardingEmailVerifySchema,
  type OnboardingStatus,
} from '../../shared/onboarding.ts';
import { confirmEmailCode, sendEmailCode } from '../account/email-verification.ts';
import { BEFORE_CGU, requireAuth } from '../auth/authenticate.ts';
import { readContacts } from '../auth/contacts.ts';
import { createOnboardedBal, currentCgu, proposeAddress } from '../auth/onboarding.ts';
import { type Person, pscExercices, readPerson } from '../auth/persons.ts';
import { readBody } from '../auth/read-body.ts';
import { config } from '../config.ts';
import { publishPliBal } from '../directory/pli-bals.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { recordTrace } from '../storage/traces.ts';

const NO_PRACTICE =
  'Votre carte ne mentionne aucun exercice professionnel : la création d’une boîte aux lettres est réservée aux professionnels ayant un exercice enregistré au RPPS.';
const NOT_PRACTITIONER = 'Votre compte ne permet pas de créer une boîte aux lettres personnelle.';

/** Who is onboarding, and whether they may: a practitioner with a practice and no BAL. */
async function eligibility(c: Context<AppEnv>) {
  const auth = c.get('auth');
  const person = await readPerson(c.env.DB, auth.idNat);
  if (!person) throw new ApiError('unauthenticated', 'Unknown person.');
  const exercices = await pscExercices(c.env.DB, auth.idNat);
  const ownBal = await c.env.DB.prepare(
    'SELECT address FROM bals WHERE holder_id_nat = ? AND deleted_at IS NULL LIMIT 1',
  )
    .bind(auth.idNat)
    .first<{ address: string }>();
  let refusal: string | null = null;
  if (person.kind !== 'practitioner') refusal = NOT_PRACTITIONER;
  else if (exercices.length === 0) refusal = NO_PRACTICE;
  return { person, exercice: exercices[0] ?? null, refusal, ownBal: ownBal?.address ?? null };
}

function requireAllowed(e: Awaited<ReturnType<typeof eligibility>>) {
  if (e.ownBal) throw new ApiError('conflict', 'A BAL already exists.');
  if (e.refusal || !e.exercice) {
    throw new ApiError(
      'onboarding_refused',
      'Only a practitioner with a practice may create a BAL.',
    );
  }
  return { person: e.person as Person, exercice: e.exercice };
}

/**
 * The first-login onboarding: CGU, verified personal email, optional mobile, directory
 * choices, then the BAL. Session only (a device token cannot onboard).
 */
export const onboardingRoutes = new Hono<AppEnv>()
  .use(requireAuth(BEFORE_CGU))
  .get('/', async (c) => {
    const e = await eligibility(c);
    const cgu = await currentCgu(c.env.DB);
    if (!cgu) throw new ApiError('unavailable', 'No CGU published.');
    const contacts = await readContacts(c.env.DB, e.person.idNat);
    const domain = config(c.env).firstOperatorDomain;
    const body: OnboardingStatus = {
      allowed: !e.refusal && !e.ownBal,
      refusal: e.refusal,
      cgu,
      proposedAddress:
        e.ownBal ??
        (e.exercice ? await proposeAddress(c.env.DB, e.person, e.exercice, domain) : null),
      profession: e.exercice?.codeProfession ?? null,
      email: { address: contacts.email, verified: contacts.emailVerified },
    };
    return c.json(body);
  })
  .post('/email', async (c) => {
    const { email } = await readBody(c, OnboardingEmailRequestSchema);
    const { person } = requireAllowed(await eligibility(c));
    await sendEmailCode(c.env, person.idNat, email, 'onboarding', {
      subject: 'Vérification de votre adresse – Pli',
      text: (code) => `Votre code de vérification Pli : ${code}. Il est valable 5 minutes.`,
    });
    await recordTrace(c.env.DB, {
      kind: 'otp_sent',
      actorIdNat: person.idNat,
      channel: 'session',
      detail: 'email_verification',
    });
    return c.body(null, 204);
  })
  .post('/email/verify', async (c) => {
    const { code } = await readBody(c, OnboardingEmailVerifySchema);
    const { person } = requireAllowed(await eligibility(c));
    await confirmEmailCode(c.env.DB, person.idNat, code, 'onboarding');
    return c.body(null, 204);
  })
  .post('/complete', async (c) => {
    const choices = await readBody(c, OnboardingCompleteSchema);
    const { person, exercice } = requireAllowed(await eligibility(c));
    const cgu = await currentCgu(c.env.DB);
    if (!cgu || choices.cguVersion !== cgu.version) {
      throw new ApiError('invalid_request', 'The current CGU must be accepted.');
    }
    const contacts = await readContacts(c.env.DB, person.idNat);
    if (!contacts.email || !contacts.emailVerified) {
      throw new ApiError('invalid_request', 'A verified personal email is required.');
    }
    const created = await createOnboardedBal(c.env.DB, {
      person,
      exercice,
      domain: config(c.env).firstOperatorDomain,
      choices,
    });
    // Registered in the directory at creation (unless red-listed), not at the next sync.
    await publishPliBal(c.env.DB, created.balId);
    return c.json(created satisfies OnboardingDone, 201);
  });
