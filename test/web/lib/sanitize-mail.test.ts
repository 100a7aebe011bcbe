import { describe, expect, it } from 'vitest';
import { revealInlineCode } from '../../../web/src/lib/mail-text.ts';
import { quotableHtml, sanitizeMail } from '../../../web/src/lib/sanitize-mail.ts';

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

  it('forbids a remote SVG use/feImage href from surviving sanitizing', () => {
    const source =
      '<svg><use href="https://tracker.test/a.svg#x"></use>' +
      '<use xlink:href="https://tracker.test/b.svg#x"></use>' +
      '<filter id="f"><feImage href="https://tracker.test/c.png"/>' +
      '<feImage xlink:href="//tracker.test/d.png"/></filter>' +
      '<image href="https://tracker.test/e.png"/></svg>' +
      '<img srcset="logo.png 1x, https://tracker.test/f.png 2x">';
    const { html, blockedRemote } = sanitizeMail(source, blocked);
    expect(html).not.toContain('tracker.test');
    // Counted, so that the "contenus distants bloqués" notice shows.
    expect(blockedRemote).toBeGreaterThanOrEqual(4);
  });

  it('forbids an SVG use pointing at another document, even once remote content is allowed', () => {
    const { html } = sanitizeMail(
      '<svg><defs><circle id="dot" r="2"/></defs><use href="#dot"></use><use href="data:image/svg+xml,x"></use></svg>',
      { allowRemote: true, inline: {} },
    );
    expect(html).not.toContain('data:image/svg');
  });

  it('forbids insecure http: images and CSS even once the user allows remote content', () => {
    const source =
      '<img src="http://tracker.test/pixel.gif"><img src="https://cdn.test/logo.png">' +
      '<div style="background:url(http://tracker.test/bg.png)">x</div>' +
      '<style>@import url(http://tracker.test/a.css); p{background:url("http://tracker.test/p.png")}</style>';
    const before = sanitizeMail(source, blocked);
    expect(before.html).not.toContain('tracker.test');
    expect(before.blockedInsecure).toBe(4);
    const allowed = sanitizeMail(source, { allowRemote: true, inline: {} });
    expect(allowed.html).not.toContain('tracker.test');
    expect(allowed.html).toContain('https://cdn.test/logo.png');
    expect(allowed.blockedRemote).toBe(0);
    expect(allowed.blockedInsecure).toBe(4);
  });

  it('hands inline styles to the frame under other names and drops event handlers unparsed', () => {
    const { html } = sanitizeMail(
      '<p style="color:red" title="a style=b" onclick="steal()">x</p><style>p{color:blue}</style>',
      blocked,
    );
    expect(html).toContain('data-pli-style="color:red"');
    expect(html).toContain('title="a style=b"');
    expect(html).toContain('<pli-style>p{color:blue}</pli-style>');
    expect(html).not.toMatch(/\sstyle="|<style|onclick/);
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

describe('quoting mail HTML', () => {
  it('a quote keeps the original’s styles but forbids scripts, handlers and remote content', () => {
    const quoted = revealInlineCode(
      quotableHtml(
        '<style>p{color:#333}</style><p style="color:red" onclick="steal()">Bonjour</p>' +
          '<img src="https://tracker.test/p.gif"><script>steal()</script>',
      ),
    );
    expect(quoted).toContain('<p style="color:red">Bonjour</p>');
    expect(quoted).toContain('<style>p{color:#333}</style>');
    expect(quoted).not.toMatch(/onclick|script|tracker\.test/);
  });

  it('gives styles back inside tags only, never in the text of the message', () => {
    const quoted = revealInlineCode(
      quotableHtml('<p title="data-pli-style=x">data-pli-style="a" &lt;pli-style&gt;</p>'),
    );
    expect(quoted).toBe('<p title="data-pli-style=x">data-pli-style="a" &lt;pli-style&gt;</p>');
  });

  it('keeps cid: images only for the parts forwarded with the quote', () => {
    const html = '<img src="cid:scan@pli"><img src="cid:other@pli">';
    expect(quotableHtml(html, ['scan@pli'])).toBe('<img src="cid:scan@pli"><img>');
  });
});
