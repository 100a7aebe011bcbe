import { FRAME_STYLE_ATTRIBUTE, FRAME_STYLE_ELEMENT } from '../../../shared/mail-frame.ts';

/*
 * Mail HTML as text and text as HTML, without DOMPurify: what the composer and the
 * conversation need in the first load. Sanitizing is `sanitize-mail.ts`'s (the reader's
 * chunk, fetched when a message opens).
 */

/** Plain text as safe HTML: escaped, line breaks kept, addresses and links left as text. */
export function textToHtml(text: string): string {
  return `<pre class="plain">${escapeHtml(text)}</pre>`;
}

/** Text escaped for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * The inverse of `hideInlineCode`, for HTML that leaves the app (a quote in a reply or a
 * forward): `data-pli-style` attributes become `style` again and `<pli-style>` elements
 * `<style>`. Only applied to DOMPurify's serialized output, where every `<` in text is
 * escaped, so that tags are found without ambiguity. The app never parses the result.
 */
export function revealInlineCode(html: string): string {
  return html.replace(
    /<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g,
    (_tag, slash: string, name: string, rest: string) => {
      const tagName = name.toLowerCase() === FRAME_STYLE_ELEMENT ? 'style' : name;
      const attributes = rest.replace(
        /(^|[\s/])([^\s"'>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g,
        (whole, before: string, attribute: string, value: string | undefined) =>
          attribute.toLowerCase() === FRAME_STYLE_ATTRIBUTE
            ? `${before}style${value ?? ''}`
            : whole,
      );
      return `<${slash}${tagName}${attributes}>`;
    },
  );
}

/** The text of sanitized mail HTML: paragraphs and line breaks kept as new lines. */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)>/gi, '$&\n');
  const doc = new DOMParser().parseFromString(marked, 'text/html');
  for (const hidden of doc.querySelectorAll(`${FRAME_STYLE_ELEMENT}, script, title`)) {
    hidden.remove();
  }
  return (doc.body.textContent ?? '')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
