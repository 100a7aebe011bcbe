import { describe, expect, it } from 'vitest';
import { htmlToText, textToHtml } from '../../../web/src/lib/mail-text.ts';

describe('textToHtml', () => {
  it('escapes markup so plain text can never become HTML', () => {
    expect(textToHtml('<b>Résultat</b> & suite')).toBe(
      '<pre class="plain">&lt;b&gt;Résultat&lt;/b&gt; &amp; suite</pre>',
    );
  });
});

describe('htmlToText', () => {
  it('reads the text of mail HTML with its paragraphs and line breaks', () => {
    expect(
      htmlToText('<p>Chère consœur,</p><p>Ligne 1<br>Ligne 2</p><pli-style>p{}</pli-style>'),
    ).toBe('Chère consœur,\nLigne 1\nLigne 2');
  });
});
