import { describe, expect, it } from 'vitest';
import { sanitizeMail, textToHtml } from '../../../web/src/lib/sanitize-mail.ts';

const blocked = { allowRemote: false, inline: {} };

describe('sanitizeMail', () => {
  it('removes scripts, event handlers, forms and frames', () => {
    const { html } = sanitizeMail(
      '<p onclick="steal()">Bonjour</p><script>steal()</script><form action="https://x.test"><input name="p"></form><iframe src="https://x.test"></iframe><a href="javascript:steal()">lien</a>',
      blocked,
    );
    expect(html).toContain('Bonjour');
    expect(html).not.toMatch(/script|onclick|<form|<input|<iframe|javascript:/i);
  });

  it('blocks remote images and CSS until the user allows them', () => {
    const source =
      '<img src="https://tracker.test/pixel.gif"><div style="background:url(https://tracker.test/bg.png)">x</div>';
    const first = sanitizeMail(source, blocked);
    expect(first.html).not.toContain('tracker.test');
    expect(first.blockedRemote).toBe(2);
    const allowed = sanitizeMail(source, { allowRemote: true, inline: {} });
    expect(allowed.html).toContain('https://tracker.test/pixel.gif');
    expect(allowed.blockedRemote).toBe(0);
  });

  it('shows inline cid: images from their data URLs', () => {
    const { html } = sanitizeMail('<img src="cid:logo@cabinet">', {
      allowRemote: false,
      inline: { 'logo@cabinet': 'data:image/png;base64,AAAA' },
    });
    expect(html).toContain('src="data:image/png;base64,AAAA"');
  });

  it('opens links in a new tab without referrer', () => {
    const { html } = sanitizeMail('<a href="https://esante.gouv.fr">ANS</a>', blocked);
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
  });
});

describe('textToHtml', () => {
  it('escapes markup so plain text can never become HTML', () => {
    expect(textToHtml('<b>Résultat</b> & suite')).toBe(
      '<pre class="plain">&lt;b&gt;Résultat&lt;/b&gt; &amp; suite</pre>',
    );
  });
});
