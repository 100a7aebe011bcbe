import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { newSecret } from './secrets.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './sessions.ts';

/** The double-submit CSRF cookie: readable by the PWA, echoed in `X-CSRF-Token`. */
export const CSRF_COOKIE = 'pli_csrf';
/** The step between the password and the one-time code. */
export const LOGIN_COOKIE = 'pli_login';
/** A Pro Santé Connect round trip in flight; Lax, since the provider is another site. */
export const PSC_STATE_COOKIE = 'pli_psc';

const base = { path: '/', secure: true } as const;

/** Sets the session cookie (HttpOnly, Secure, SameSite=Strict) and a fresh CSRF token. */
export function setSessionCookies(c: Context<AppEnv>, sessionId: string): void {
  const maxAge = SESSION_ABSOLUTE_MS / 1000;
  setCookie(c, SESSION_COOKIE, sessionId, { ...base, httpOnly: true, sameSite: 'Strict', maxAge });
  setCsrfCookie(c, maxAge);
}

/** A new CSRF token in its readable Strict cookie. */
export function setCsrfCookie(c: Context<AppEnv>, maxAge: number): void {
  setCookie(c, CSRF_COOKIE, newSecret(), { ...base, sameSite: 'Strict', maxAge });
}

/** Removes every identity cookie: a logout, or a new login's clean slate. */
export function clearAuthCookies(c: Context<AppEnv>): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE, LOGIN_COOKIE]) {
    if (getCookie(c, name) !== undefined) deleteCookie(c, name, base);
  }
}

export function setLoginCookie(c: Context<AppEnv>, value: string, maxAgeMs: number): void {
  setCookie(c, LOGIN_COOKIE, value, {
    ...base,
    httpOnly: true,
    sameSite: 'Strict',
    maxAge: maxAgeMs / 1000,
  });
  setCsrfCookie(c, maxAgeMs / 1000);
}

export function setPscStateCookie(c: Context<AppEnv>, value: string): void {
  setCookie(c, PSC_STATE_COOKIE, value, {
    path: '/auth/psc',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 600,
  });
}

export function clearPscStateCookie(c: Context<AppEnv>): void {
  deleteCookie(c, PSC_STATE_COOKIE, { path: '/auth/psc', secure: true });
}
