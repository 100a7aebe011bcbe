import { type Context, Hono } from 'hono';
import {
  DirectorySettingsSchema,
  EmailChangeSchema,
  EmailVerifySchema,
  MobileSettingsSchema,
  NewsletterSettingsSchema,
  NoticeSettingsSchema,
} from '../../shared/account/settings.ts';
import { confirmEmailCode, sendEmailCode } from '../account/email-verification.ts';
import { readSettings, setDirectoryChoices, setNewsletter } from '../account/settings.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { readContacts, storeMobile } from '../auth/contacts.ts';
import { ownBalId } from '../auth/login.ts';
import { readBody } from '../auth/read-body.ts';
import { publishPliBal } from '../directory/pli-bals.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { noticePreferences, setNoticePreferences } from '../notices/preferences.ts';
import { sendExternalEmail } from '../outside/send.ts';
import { accessibleBal, balByAddress } from '../storage/bals.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

async function traceSetting(c: Context<AppEnv>, what: string) {
  const auth = c.get('auth');
  await recordTrace(c.env.DB, {
    kind: 'settings_changed',
    actorIdNat: auth.idNat,
    balId: await ownBalId(c.env.DB, auth.idNat),
    channel: channelOf(auth),
    detail: what,
  });
}

/**
 * The account settings: external email (re-verified when changed), mobile, directory
 * choices (liste rouge, phone publication), newsletter, new-mail notices; the history of
 * CGU acceptances is read here too. Password and TOTP live under `/api/credentials`.
 */
export const settingsRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', async (c) => c.json(await readSettings(c.env.DB, c.get('auth').idNat)))
  .put('/notices', async (c) => {
    const input = await readBody(c, NoticeSettingsSchema);
    const idNat = c.get('auth').idNat;
    if (input.channel === 'sms' && !(await readContacts(c.env.DB, idNat)).mobile) {
      throw new ApiError('invalid_request', 'A mobile number is needed for SMS notices.');
    }
    await setNoticePreferences(c.env.DB, idNat, input);
    await traceSetting(c, 'notices');
    return c.body(null, 204);
  })
  .put('/newsletter', async (c) => {
    const { subscribed } = await readBody(c, NewsletterSettingsSchema);
    await setNewsletter(c.env.DB, c.get('auth').idNat, subscribed);
    await traceSetting(c, 'newsletter');
    return c.body(null, 204);
  })
  .put('/mobile', async (c) => {
    const { mobile } = await readBody(c, MobileSettingsSchema);
    const idNat = c.get('auth').idNat;
    await storeMobile(c.env.DB, idNat, mobile);
    const notices = await noticePreferences(c.env.DB, idNat);
    if (!mobile && notices.channel === 'sms') {
      await setNoticePreferences(c.env.DB, idNat, { ...notices, channel: 'email' });
    }
    // The published phone is the mobile: keep the directory in step.
    const { results } = await c.env.DB.prepare(
      'SELECT id FROM bals WHERE holder_id_nat = ? AND deleted_at IS NULL',
    )
      .bind(idNat)
      .all<{ id: string }>();
    for (const bal of results) await publishPliBal(c.env.DB, bal.id);
    await traceSetting(c, 'mobile');
    return c.body(null, 204);
  })
  .put('/directory', async (c) => {
    const input = await readBody(c, DirectorySettingsSchema);
    const idNat = c.get('auth').idNat;
    const id = input.bal.includes('@') ? (await balByAddress(c.env.DB, input.bal))?.id : input.bal;
    const bal = id ? await accessibleBal(c.env.DB, idNat, id) : null;
    if (!bal) throw new ApiError('not_found', 'No such mailbox.');
    if (bal.role !== 'holder') throw new ApiError('forbidden', 'Only the holder chooses.');
    await setDirectoryChoices(c.env.DB, bal.id, input);
    await publishPliBal(c.env.DB, bal.id);
    await traceSetting(c, 'directory');
    return c.body(null, 204);
  })
  .post('/email', async (c) => {
    const { email } = await readBody(c, EmailChangeSchema);
    await sendEmailCode(c.env, c.get('auth').idNat, email, 'settings-email', {
      subject: 'Vérification de votre nouvelle adresse – Pli',
      text: (code) =>
        `Votre code de vérification Pli : ${code}. Il est valable 5 minutes. Votre adresse actuelle reste utilisée tant que celle-ci n’est pas vérifiée.`,
    });
    return c.body(null, 202);
  })
  .post('/email/verify', async (c) => {
    const { code } = await readBody(c, EmailVerifySchema);
    const { email, previous } = await confirmEmailCode(
      c.env.DB,
      c.get('auth').idNat,
      code,
      'settings-email',
    );
    if (previous && previous.toLowerCase() !== email.toLowerCase()) {
      await sendExternalEmail(c.env, {
        to: previous,
        subject: 'Votre adresse de contact Pli a été modifiée',
        text: 'L’adresse de contact de votre compte Pli vient d’être remplacée. Si vous n’êtes pas à l’origine de ce changement, contactez le support sans attendre.',
      });
    }
    await traceSetting(c, 'email');
    return c.body(null, 204);
  });
