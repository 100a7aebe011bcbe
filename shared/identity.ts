/**
 * Request and response shapes of the identity API (`/auth/*`, `/api/me`, `/api/devices`,
 * `/api/credentials/*`, `/dev/accounts`), with the valibot schemas the server validates
 * bodies with.
 *
 * @example
 * const body = v.parse(LoginRequestSchema, await request.json());
 * const me: Me = await api<Me>('/api/me');
 */
import * as v from 'valibot';
import { CguStatusSchema } from './account/cgu.ts';

/** Channels a one-time code can come through. `totp` reads an authenticator app. */
export const OTP_CHANNELS = ['email', 'sms', 'totp'] as const;
export type OtpChannel = (typeof OTP_CHANNELS)[number];

/** Minimum password length. */
export const PASSWORD_MIN_LENGTH = 12;

/** `POST /auth/login` body: a BAL address (or a verified personal email) and a password. */
export const LoginRequestSchema = v.object({
  address: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

/** `POST /auth/login` answer: where the one-time code may be sent (masked targets). */
export interface LoginStart {
  otpChannels: OtpChannel[];
  /** Masked destinations, e.g. `{ email: 'c•••@exemple.fr' }`. */
  targets: Partial<Record<OtpChannel, string>>;
}

/** `POST /auth/otp/send` body. */
export const OtpSendRequestSchema = v.object({ channel: v.picklist(OTP_CHANNELS) });

/** `POST /auth/otp/verify` body: six digits. */
export const OtpVerifyRequestSchema = v.object({
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/)),
});

/** `POST /auth/otp/verify` answer. */
export interface LoginDone {
  idNat: string;
}

/** `POST /auth/logout` answer: where to go next (the provider's logout after a PSC login). */
export interface LogoutDone {
  redirectTo: string;
}

/** A BAL as `GET /api/me` lists it. */
export const MeBalSchema = v.object({
  id: v.string(),
  address: v.string(),
  displayName: v.string(),
  role: v.picklist(['holder', 'delegate']),
  holderIdNat: v.string(),
});
export type MeBal = v.InferOutput<typeof MeBalSchema>;

/**
 * `GET /api/me`: the person and the BALs they may work in, own first. `needsOnboarding` is
 * true while the person holds no BAL of their own and may create one. The webmail checks
 * the answer against this schema before trusting it.
 */
export const MeSchema = v.object({
  idNat: v.string(),
  givenName: v.string(),
  familyName: v.string(),
  professionCode: v.nullable(v.string()),
  kind: v.picklist(['practitioner', 'medico_social', 'operator']),
  via: v.picklist(['session', 'token']),
  loginMethod: v.nullable(v.picklist(['psc', 'password_otp', 'totp'])),
  bals: v.array(MeBalSchema),
  needsOnboarding: v.boolean(),
  hasPassword: v.boolean(),
  hasTotp: v.boolean(),
  /** The CGU status too, so that the app asks nothing more before the mail. */
  cgu: CguStatusSchema,
});
export type Me = v.InferOutput<typeof MeSchema>;

/** `POST /api/devices` body. */
export const DeviceCreateRequestSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)),
});

/** `POST /api/devices` answer: the token, shown this once. */
export interface DeviceCreated {
  id: string;
  token: string;
}

/** `GET /api/devices` answer. */
export interface DeviceList {
  devices: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}

/** `PUT /api/credentials/password` body. */
export const PasswordSetRequestSchema = v.object({
  password: v.pipe(v.string(), v.maxLength(1024)),
});

/** `POST /api/credentials/totp` answer: a new secret to scan, not yet active. */
export interface TotpSetup {
  secret: string;
  uri: string;
}

/** `POST /api/credentials/totp/enable` body. */
export const TotpEnableRequestSchema = OtpVerifyRequestSchema;

/** `GET /dev/accounts` (development only): who can log in, and how. */
export interface DevAccounts {
  accounts: {
    /** The BAL address (or, for a delegate without a BAL, their login email); null if none. */
    address: string | null;
    idNat: string;
    /** The demo password, or null (PSC only). */
    password: string | null;
    hasBal: boolean;
    name: string;
    /** `demo` (seeded) or `psc-test` (a card of the local PSC stand-in). */
    source: 'demo' | 'psc-test';
  }[];
}
