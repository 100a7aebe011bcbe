/**
 * The pages anyone may read signed out, by path, with their titles. Kept apart from the
 * pages themselves, which load on demand: the first screen only needs this list.
 */
export const PUBLIC_PAGES = {
  '/cgu': 'Conditions générales d’utilisation',
  '/mentions-legales': 'Mentions légales',
  '/confidentialite': 'Politique de confidentialité',
  '/support': 'Contacter le support',
} as const;

export type PublicPath = keyof typeof PUBLIC_PAGES;

/** The public page at a path (a trailing slash allowed), or null. */
export function publicPath(pathname: string): PublicPath | null {
  const path = pathname.replace(/(.)\/+$/, '$1');
  return Object.hasOwn(PUBLIC_PAGES, path) ? (path as PublicPath) : null;
}
