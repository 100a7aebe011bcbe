import { PUBLIC_PAGES, type PublicPath } from '../lib/public-paths.ts';

/** Links to the public pages (CGU, legal notice, privacy, support), on every screen. */
export function PublicLinks() {
  return (
    <nav class="public-links" aria-label="Informations légales et support">
      <ul>
        {(Object.entries(PUBLIC_PAGES) as [PublicPath, string][]).map(([path, title]) => (
          <li key={path}>
            <a href={path}>{title}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
