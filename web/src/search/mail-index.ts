import { fold } from '../../../shared/text.ts';
import type { CachedBody, CachedEmail, EmailAddress, PliDatabase } from '../db.ts';
import { dateBounds, hasFilters, type SearchFilters } from './search-filters.ts';
import { excerpt, searchWords } from './search-text.ts';

/**
 * The local full-text index of one account's cached mail: subject, correspondents (names
 * and addresses), the text of cached bodies and attachment names. An inverted index in
 * memory (each folded word to the messages holding it, a sorted vocabulary for the prefix
 * of the last word typed), saved as JSON in the cache's database. A search touches only
 * the postings of its words, in plain arrays: no scoring, since results are listed newest
 * first, as a mail list is. It follows the cache by id: a message cached is added, a
 * message gone is dropped, a body cached later re-indexes its message. What a message can
 * change (folders, read, flagged) is read from the cached row at search time, never from
 * the index, so the index only changes when the cache gains or loses mail.
 */

/** Bump when what is indexed or how words are cut changes: saved indexes are rebuilt. */
export const INDEX_FORMAT = 2;

/** At most this much of a body is indexed (the start of a long letter names what it is). */
const MAX_BODY_CHARS = 20_000;

/** The most words a search takes (the rest of a pasted paragraph is ignored). */
const MAX_WORDS = 20;

/** The most result rows kept between searches. */
const MAX_ROWS = 1000;

/** Rows read from the cache at a time while indexing. */
const BATCH = 500;

/** The saved form of the index (INDEX_FORMAT), dropped messages compacted away. */
interface SavedForm {
  ids: string[];
  time: number[];
  from: string[];
  to: string[];
  attachment: number[];
  body: number[];
  terms: [string, number[]][];
}

/** A match of the local search. */
export interface LocalHit {
  email: CachedEmail;
  /** The folded words of the message that matched (to mark them where it is shown). */
  terms: string[];
  /** The body around the match, when the match is not in what the list shows. */
  excerpt: string | null;
}

export interface LocalResults {
  hits: LocalHit[];
  /** More messages matched than were returned. */
  more: boolean;
}

const people = (list: EmailAddress[] | null | undefined) =>
  (list ?? []).map((a) => `${a.name ?? ''} ${a.email}`).join(' ');

/** The text of an HTML body, for indexing only (never shown as HTML). */
export function htmlText(html: string): string {
  return html
    .replace(/<(style|script|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

/** A body's text: its text part, else its HTML's text. */
export function bodyText(body: CachedBody | undefined): string {
  if (!body) return '';
  return (body.text ?? (body.html ? htmlText(body.html) : '')).slice(0, MAX_BODY_CHARS);
}

export class MailIndex {
  // One slot per indexed message (its number); a dropped message's slot stays until compacted.
  private ids: string[] = [];
  private time: number[] = [];
  private from: string[] = [];
  private to: string[] = [];
  private attachment: boolean[] = [];
  private body: boolean[] = [];
  private alive: boolean[] = [];
  private dropped = 0;
  /** The live slot of each indexed message. */
  private slot = new Map<string, number>();
  /** Each folded word, to the slots holding it (ascending). */
  private postings = new Map<string, number[]>();
  /** The vocabulary sorted, for prefixes; null when words were added since. */
  private vocabulary: string[] | null = null;
  /** The live slots, newest first; null when messages were added or dropped since. */
  private order: Int32Array | null = null;
  /**
   * The rows of recent results, so that typing on ("hé", "hém", "hémo") reads IndexedDB only
   * for what it had not shown; emptied whenever the cache changes (each `update`).
   */
  private rows = new Map<string, CachedEmail>();
  private changedSinceSave = false;

  private constructor(
    private readonly db: PliDatabase,
    readonly accountId: string,
  ) {}

  /** The account's saved index if there is one of this format, else an empty one. */
  static async open(db: PliDatabase, accountId: string): Promise<MailIndex> {
    const index = new MailIndex(db, accountId);
    const saved = await db.searchIndex.get(accountId);
    if (saved?.format === INDEX_FORMAT) {
      try {
        index.restore(JSON.parse(saved.json) as SavedForm);
      } catch {
        return new MailIndex(db, accountId);
      }
    }
    return index;
  }

  private restore(form: SavedForm) {
    this.ids = form.ids;
    this.time = form.time;
    this.from = form.from;
    this.to = form.to;
    this.attachment = form.attachment.map(Boolean);
    this.body = form.body.map(Boolean);
    this.alive = form.ids.map(() => true);
    this.slot = new Map(form.ids.map((id, i) => [id, i]));
    this.postings = new Map(form.terms);
  }

  /** How many messages are indexed. */
  get size(): number {
    return this.slot.size;
  }

  /** Whether the index changed since it was last saved. */
  get unsaved(): boolean {
    return this.changedSinceSave;
  }

  private add(email: CachedEmail, body: CachedBody | undefined) {
    const n = this.ids.length;
    this.ids.push(email.id);
    this.time.push(Date.parse(email.receivedAt));
    this.from.push(fold(people(email.from)));
    this.to.push(fold(`${people(email.to)} ${people(body?.cc)}`));
    this.attachment.push(email.hasAttachment);
    this.body.push(body !== undefined);
    this.alive.push(true);
    this.slot.set(email.id, n);
    this.order = null;
    const text = [
      email.subject,
      // The start of the body, cached with every header: found before the body is.
      email.preview,
      people(email.from),
      people(email.to),
      people(body?.cc),
      bodyText(body),
      (body?.attachments ?? []).map((a) => a.name ?? '').join(' '),
    ].join(' ');
    for (const word of new Set(searchWords(text))) {
      const list = this.postings.get(word);
      if (list) list.push(n);
      else {
        this.postings.set(word, [n]);
        this.vocabulary = null;
      }
    }
  }

  private drop(id: string) {
    const n = this.slot.get(id);
    if (n === undefined) return;
    this.alive[n] = false;
    this.slot.delete(id);
    this.dropped++;
    this.order = null;
  }

  /** Takes dropped messages out of the postings once they are a fifth of the slots. */
  private compact(force = false) {
    if (!this.dropped || (!force && this.dropped * 5 < this.ids.length)) return;
    const renumber = new Int32Array(this.ids.length).fill(-1);
    let next = 0;
    this.alive.forEach((alive, i) => {
      if (alive) renumber[i] = next++;
    });
    const keep = <T>(list: T[]) => list.filter((_, i) => this.alive[i]);
    this.ids = keep(this.ids);
    this.time = keep(this.time);
    this.from = keep(this.from);
    this.to = keep(this.to);
    this.attachment = keep(this.attachment);
    this.body = keep(this.body);
    this.alive = this.ids.map(() => true);
    this.slot = new Map(this.ids.map((id, i) => [id, i]));
    for (const [word, list] of this.postings) {
      const kept: number[] = [];
      for (const n of list) {
        const to = renumber[n] ?? -1;
        if (to >= 0) kept.push(to);
      }
      if (kept.length) this.postings.set(word, kept);
      else {
        this.postings.delete(word);
        this.vocabulary = null;
      }
    }
    this.dropped = 0;
    this.order = null;
  }

  /** The live slots, newest first. */
  private newestFirst(): Int32Array {
    if (!this.order) {
      const live = [...this.slot.values()];
      live.sort((a, b) => (this.time[b] as number) - (this.time[a] as number));
      this.order = Int32Array.from(live);
    }
    return this.order;
  }

  /**
   * Brings the index in line with the cache: messages cached since are added (with their
   * body if it is cached), messages gone are dropped, messages whose body was cached
   * since are indexed again with it. Returns how many messages changed in the index.
   * `keys` are the cached email and body ids when the caller has just read them.
   */
  async update(keys?: { emails: string[]; bodies: string[] }): Promise<number> {
    const { emails, bodies } = keys ?? (await this.cachedKeys());
    this.rows.clear();
    const cached = new Set(emails);
    const withBody = new Set(bodies);
    let changes = 0;
    for (const id of [...this.slot.keys()]) {
      if (cached.has(id)) continue;
      this.drop(id);
      changes++;
    }
    // New messages, and messages indexed without the body that is now cached.
    const wanted = emails.filter((id) => {
      const n = this.slot.get(id);
      return n === undefined || (!this.body[n] && withBody.has(id));
    });
    for (let i = 0; i < wanted.length; i += BATCH) {
      const ids = wanted.slice(i, i + BATCH);
      const keyOf = (id: string) => [this.accountId, id] as [string, string];
      const [rows, bodyRows] = await Promise.all([
        this.db.emails.bulkGet(ids.map(keyOf)),
        this.db.bodies.bulkGet(ids.filter((id) => withBody.has(id)).map(keyOf)),
      ]);
      const bodyOf = new Map(bodyRows.filter((b) => b !== undefined).map((b) => [b.id, b]));
      for (const email of rows) {
        if (!email) continue;
        this.drop(email.id);
        this.add(email, bodyOf.get(email.id));
        changes++;
      }
    }
    this.compact();
    if (changes) {
      this.changedSinceSave = true;
      // Ready for the next search rather than sorted by it.
      this.newestFirst();
      this.withPrefix('');
    }
    return changes;
  }

  /** The ids of the account's cached messages and of its cached bodies. */
  async cachedKeys(): Promise<{ emails: string[]; bodies: string[] }> {
    const range = [
      [this.accountId, ''],
      [this.accountId, '\uffff'],
    ] as const;
    const [emails, bodies] = await Promise.all([
      this.db.emails
        .where('[accountId+id]')
        .between(...range)
        .primaryKeys(),
      this.db.bodies
        .where('[accountId+id]')
        .between(...range)
        .primaryKeys(),
    ]);
    return { emails: emails.map((k) => k[1]), bodies: bodies.map((k) => k[1]) };
  }

  /** Saves the index in the cache's database (its own row per account). */
  async save(): Promise<void> {
    if (!this.changedSinceSave) return;
    this.changedSinceSave = false;
    this.compact(true);
    const form: SavedForm = {
      ids: this.ids,
      time: this.time,
      from: this.from,
      to: this.to,
      attachment: this.attachment.map(Number),
      body: this.body.map(Number),
      terms: [...this.postings],
    };
    try {
      await this.db.searchIndex.put({
        accountId: this.accountId,
        format: INDEX_FORMAT,
        json: JSON.stringify(form),
        savedAt: Date.now(),
      });
    } catch (error) {
      this.changedSinceSave = true;
      throw error;
    }
  }

  /** The postings of every word starting with a prefix (the sorted vocabulary's range). */
  private withPrefix(prefix: string): number[][] {
    this.vocabulary ??= [...this.postings.keys()].sort();
    const words = this.vocabulary;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((words[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    const lists: number[][] = [];
    for (let i = low; i < words.length && (words[i] as string).startsWith(prefix); i++) {
      const list = this.postings.get(words[i] as string);
      if (list) lists.push(list);
    }
    return lists;
  }

  /** How many of the words each slot holds (the last word as a prefix), counted once each. */
  private counts(words: string[]): Uint8Array {
    const count = new Uint8Array(this.ids.length);
    words.forEach((word, i) => {
      const group =
        i === words.length - 1 ? this.withPrefix(word) : [this.postings.get(word) ?? []];
      for (const list of group) {
        for (const n of list) if (count[n] === i) count[n] = i + 1;
      }
    });
    return count;
  }

  /** Rows of the cache by id, from the recent ones when they are there. */
  private async rowsOf(ids: string[]): Promise<(CachedEmail | undefined)[]> {
    const missing = ids.filter((id) => !this.rows.has(id));
    if (missing.length) {
      const fetched = await this.db.emails.bulkGet(
        missing.map((id) => [this.accountId, id] as [string, string]),
      );
      if (this.rows.size + fetched.length > MAX_ROWS) this.rows.clear();
      for (const row of fetched) if (row) this.rows.set(row.id, row);
    }
    return ids.map((id) => this.rows.get(id));
  }

  /**
   * The cached messages matching the words (every word, the last one as a prefix of a word)
   * and the filters, newest first, at most `limit`. Words shorter than two letters are not
   * searched; with no word, the filters alone choose.
   */
  async search(query: string, filters: SearchFilters, limit: number): Promise<LocalResults> {
    const words = [...new Set(searchWords(query))].slice(0, MAX_WORDS);
    if (words.length === 0 && !hasFilters(filters)) return { hits: [], more: false };
    const from = fold(filters.from).trim();
    const to = fold(filters.to).trim();
    const { after, before } = dateBounds(filters);
    const keep = (n: number) => {
      const t = this.time[n] as number;
      return (
        this.alive[n] === true &&
        (!from || (this.from[n] as string).includes(from)) &&
        (!to || (this.to[n] as string).includes(to)) &&
        (after === null || t >= after) &&
        (before === null || t < before) &&
        (!filters.hasAttachment || this.attachment[n] === true)
      );
    };
    const count = words.length ? this.counts(words) : null;
    const order = this.newestFirst();
    // Folders, read and flagged are read from the cached rows, which are always current.
    const stateless = !filters.unread && !filters.flagged && !filters.mailboxId;
    const found: number[] = [];
    for (const n of order) {
      if (count && count[n] !== words.length) continue;
      if (!keep(n)) continue;
      found.push(n);
      if (stateless && found.length > limit) break;
    }
    const hits: LocalHit[] = [];
    let next = 0;
    while (hits.length <= limit && next < found.length) {
      const slice = found.slice(next, next + (stateless ? limit + 1 : Math.max(limit * 2, 200)));
      next += slice.length;
      const rows = await this.rowsOf(slice.map((n) => this.ids[n] as string));
      for (const email of rows) {
        if (email && matchesState(email, filters))
          hits.push({ email, terms: words, excerpt: null });
      }
    }
    const more = hits.length > limit || next < found.length;
    const shown = hits.slice(0, limit);
    await this.addExcerpts(shown);
    return { hits: shown, more };
  }

  /** The body around the match, for hits whose words are not in the subject or preview. */
  private async addExcerpts(hits: LocalHit[]): Promise<void> {
    const needing = hits.filter((hit) => {
      const n = this.slot.get(hit.email.id);
      if (hit.terms.length === 0 || n === undefined || !this.body[n]) return false;
      const shown = searchWords(`${hit.email.subject ?? ''} ${hit.email.preview}`);
      return !hit.terms.some((t) => shown.some((w) => w.startsWith(t)));
    });
    if (needing.length === 0) return;
    const bodies = await this.db.bodies.bulkGet(
      needing.map((hit) => [this.accountId, hit.email.id] as [string, string]),
    );
    needing.forEach((hit, i) => {
      const text = bodyText(bodies[i]);
      hit.excerpt = text ? excerpt(text, hit.terms) : null;
    });
  }
}

/** The filters a message's state answers (it changes: read from the cached row). */
export function matchesState(email: CachedEmail, filters: SearchFilters): boolean {
  return (
    (!filters.unread || !email.keywords.$seen) &&
    (!filters.flagged || email.keywords.$flagged === true) &&
    (!filters.mailboxId || email.mailboxIds[filters.mailboxId] === true)
  );
}
