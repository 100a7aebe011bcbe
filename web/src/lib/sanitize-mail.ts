import DOMPurify from 'dompurify';
import { FRAME_STYLE_ATTRIBUTE, FRAME_STYLE_ELEMENT } from '../../../shared/mail-frame.ts';

export interface SanitizedMail {
  html: string;
  /** How many remote resources (images, styles…) were removed because remote content is blocked. */
  blockedRemote: number;
  /**
   * How many insecure (`http:`) resources were removed. They stay blocked even once the user
   * allows remote content: the frame's remote variant allows `https:` only.
   */
  blockedInsecure: number;
}

const REMOTE = /^\s*(https?:)?\/\//i;
const INSECURE = /^\s*http:/i;
const URL_IN_CSS = /url\(\s*(['"]?)\s*((?:https?:)?\/\/[^)]*?)\1\s*\)/gi;
const IMPORT_IN_CSS = /@import[^;]*;?/gi;
/** Attributes that make the browser fetch something as soon as the message is shown. */
const FETCHING_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'href', 'xlink:href'];
/** Elements whose `href` is a link the user follows, not a resource loaded on display. */
const LINKS = new Set(['a', 'area']);

/**
 * Rewrites the start tags of mail HTML before any parsing in the app: `style` attributes
 * become `data-pli-style`, `<style>` elements `<pli-style>`, and event handler attributes
 * (`onload`…) are dropped, so that the app's CSP never sees an inline style or handler.
 * Text between tags is left as it is; DOMPurify still sanitizes all of the result.
 */
export function hideInlineCode(html: string): string {
  return html.replace(
    /<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g,
    (_tag, slash: string, name: string, rest: string) => {
      const tagName = name.toLowerCase() === 'style' ? FRAME_STYLE_ELEMENT : name;
      if (slash) return `</${tagName}${rest}>`;
      const attributes = rest.replace(
        /(^|[\s/])([^\s"'>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?/g,
        (whole, before: string, attribute: string, value: string | undefined) => {
          const lower = attribute.toLowerCase();
          if (lower.startsWith('on')) return before;
          if (lower === 'style') return `${before}${FRAME_STYLE_ATTRIBUTE}${value ?? ''}`;
          return whole;
        },
      );
      return `<${tagName}${attributes}>`;
    },
  );
}

/**
 * Sanitizes the HTML of a received message with DOMPurify: no script, no form, no frame,
 * no event handler; links open in a new tab without referrer; remote resources (images,
 * SVG `image`/`feImage`/`use` references, CSS) removed unless `allowRemote` (the user
 * asked to show them), and `http:` ones always; `cid:` images replaced by the inline
 * parts' data URLs. Inline styles come out as `data-pli-style` and `<pli-style>`, for the
 * mail frame.
 */
export function sanitizeMail(
  html: string,
  options: { allowRemote: boolean; inline: Record<string, string> },
): SanitizedMail {
  let blockedRemote = 0;
  let blockedInsecure = 0;
  /** Whether a remote reference must go, counting it. */
  const blocks = (reference: string): boolean => {
    if (!REMOTE.test(reference) && !INSECURE.test(reference)) return false;
    const insecure = INSECURE.test(reference);
    if (options.allowRemote && !insecure) return false;
    if (insecure) blockedInsecure += 1;
    if (!options.allowRemote) blockedRemote += 1;
    return true;
  };
  const cleanCss = (css: string) =>
    css
      .replace(URL_IN_CSS, (whole, _quote, url: string) => (blocks(url) ? 'none' : whole))
      .replace(IMPORT_IN_CSS, (rule) => {
        const url = rule.match(/(?:url\(\s*)?['"]?\s*((?:https?:)?\/\/[^'")\s;]*)/i)?.[1];
        return url && blocks(url) ? '' : rule;
      });

  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.nodeName.toLowerCase();
    if (node instanceof HTMLAnchorElement) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    for (const attribute of FETCHING_ATTRIBUTES) {
      const isHref = attribute === 'href' || attribute === 'xlink:href';
      if (isHref && LINKS.has(tag)) continue;
      const value = node.getAttribute(attribute);
      if (value === null) continue;
      const cid = value.match(/^\s*cid:(.+)$/i)?.[1];
      if (cid) {
        const data = options.inline[cid.trim().replace(/^<|>$/g, '')];
        if (data) node.setAttribute(attribute, data);
        else node.removeAttribute(attribute);
        continue;
      }
      const references = attribute === 'srcset' ? value.split(',') : [value];
      // Only the counting matters for every reference: each one removed is one blocked.
      const removed = references.map(blocks).some(Boolean);
      // An SVG `use` may only point inside the message (no other document).
      if (removed || (tag === 'use' && isHref && !value.trim().startsWith('#'))) {
        node.removeAttribute(attribute);
      }
    }
    const style = node.getAttribute(FRAME_STYLE_ATTRIBUTE);
    if (style) {
      const cleaned = cleanCss(style);
      if (cleaned !== style) node.setAttribute(FRAME_STYLE_ATTRIBUTE, cleaned);
    }
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === FRAME_STYLE_ELEMENT && node.textContent) {
      const css = node.textContent;
      const cleaned = cleanCss(css);
      if (cleaned !== css) node.textContent = cleaned;
    }
  });
  const clean = purify.sanitize(hideInlineCode(html), {
    WHOLE_DOCUMENT: false,
    FORBID_TAGS: [
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'frame',
      'object',
      'embed',
      'base',
      'meta',
      'link',
      'style',
    ],
    FORBID_ATTR: ['action', 'formaction', 'style', 'ping'],
    ADD_TAGS: [FRAME_STYLE_ELEMENT],
  });
  return { html: clean, blockedRemote, blockedInsecure };
}

/**
 * Mail HTML made fit to quote: sanitized as the reader shows it, remote content removed,
 * `cid:` images kept only for the parts forwarded with it (`keptCids`). In the frame's
 * form (see `hideInlineCode`); `revealInlineCode` gives it back its styles when sending.
 */
export function quotableHtml(html: string, keptCids: readonly string[] = []): string {
  const inline = Object.fromEntries(keptCids.map((cid) => [cid, `cid:${cid}`]));
  return sanitizeMail(html, { allowRemote: false, inline }).html;
}
