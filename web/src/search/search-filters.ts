/** What a search asks for besides its words: every field empty or false means "any". */
export interface SearchFilters {
  /** Part of a sender's name or address. */
  from: string;
  /** Part of a recipient's name or address. */
  to: string;
  /** The first day (YYYY-MM-DD, local time), included. */
  after: string;
  /** The last day (YYYY-MM-DD, local time), included. */
  before: string;
  hasAttachment: boolean;
  unread: boolean;
  flagged: boolean;
  /** A folder's id. */
  mailboxId: string;
}

export const NO_FILTERS: SearchFilters = {
  from: '',
  to: '',
  after: '',
  before: '',
  hasAttachment: false,
  unread: false,
  flagged: false,
  mailboxId: '',
};

/** Whether any filter is set. */
export function hasFilters(filters: SearchFilters): boolean {
  return (Object.keys(NO_FILTERS) as (keyof SearchFilters)[]).some(
    (key) => filters[key] !== NO_FILTERS[key],
  );
}

/** The bounds of the date filters as instants: the start of `after`, the end of `before`. */
export function dateBounds(filters: SearchFilters): {
  after: number | null;
  before: number | null;
} {
  const day = (text: string, end: boolean) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    const time = new Date(y, m - 1, end ? d + 1 : d).getTime();
    return Number.isFinite(time) ? time : null;
  };
  return { after: day(filters.after, false), before: day(filters.before, true) };
}
