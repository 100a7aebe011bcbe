import { fold } from '../../../shared/text.ts';

/**
 * How search text is cut into words: letters and digits (any script), everything else
 * separates. An address `claire.martin@medecin.fr` gives `claire`, `martin`, `medecin`, `fr`.
 */
const WORD = /[\p{L}\p{N}]+/gu;

/** The shortest word the index keeps and a query asks for. */
export const MIN_WORD_LENGTH = 2;

/** The words of a text, folded (case and accents off, `shared/text.ts`), short ones left out. */
export function searchWords(text: string | null | undefined): string[] {
  return (fold(text).match(WORD) ?? []).filter((w) => w.length >= MIN_WORD_LENGTH);
}

/** A piece of shown text, marked when it matched the search. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/**
 * The text cut into parts where a word starts with one of the (folded) terms, so that the
 * view marks them: "Hémoglobine glyquée" with `hemoglobine` marks "Hémoglobine".
 */
export function markTerms(text: string, terms: readonly string[]): TextPart[] {
  const wanted = terms.filter(Boolean);
  if (!text || wanted.length === 0) return text ? [{ text, mark: false }] : [];
  // The folded text, with where each folded character comes from in the original.
  let folded = '';
  const origin: number[] = [];
  let at = 0;
  for (const char of text) {
    const f = fold(char);
    for (let i = 0; i < f.length; i++) origin.push(at);
    folded += f;
    at += char.length;
  }
  origin.push(text.length);
  const parts: TextPart[] = [];
  let shown = 0;
  for (const match of folded.matchAll(WORD)) {
    const word = match[0];
    const term = wanted.find((t) => word.startsWith(t));
    if (!term) continue;
    const start = origin[match.index] ?? 0;
    const end = origin[match.index + term.length] ?? text.length;
    if (start > shown) parts.push({ text: text.slice(shown, start), mark: false });
    parts.push({ text: text.slice(start, end), mark: true });
    shown = end;
  }
  if (shown < text.length) parts.push({ text: text.slice(shown), mark: false });
  return parts;
}

/**
 * A window of a long text around the first word a term starts, for a result whose match
 * is further in the body than its preview; null when no word matches.
 */
export function excerpt(text: string, terms: readonly string[], around = 80): string | null {
  const folded = fold(text);
  let best = -1;
  for (const match of folded.matchAll(WORD)) {
    if (terms.some((t) => t && match[0].startsWith(t))) {
      best = match.index;
      break;
    }
  }
  if (best === -1) return null;
  // Folding keeps the length of French text (one mark per letter at most, dropped), so the
  // position is close enough in the original to cut a window around it.
  const start = Math.max(0, best - around);
  const end = Math.min(text.length, best + around * 2);
  const slice = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${slice}${end < text.length ? '…' : ''}`;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescapeHtml = (html: string) =>
  html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/**
 * A `SearchSnippet/get` field (escaped text with `<mark>` around matches) as text parts,
 * so it is shown as text, never parsed as HTML; null stays null.
 */
export function snippetParts(html: string | null | undefined): TextPart[] | null {
  if (html === null || html === undefined) return null;
  const parts: TextPart[] = [];
  let shown = 0;
  for (const match of html.matchAll(/<mark>([\s\S]*?)<\/mark>/g)) {
    if (match.index > shown)
      parts.push({ text: unescapeHtml(html.slice(shown, match.index)), mark: false });
    parts.push({ text: unescapeHtml(match[1] ?? ''), mark: true });
    shown = match.index + match[0].length;
  }
  if (shown < html.length) parts.push({ text: unescapeHtml(html.slice(shown)), mark: false });
  return parts;
}
