/**
 * IMAP flags and JMAP keywords (RFC 8621 4.1.1): the system flags are `$seen`, `$flagged`,
 * `$answered`, `$draft`; `\Deleted` (waiting for EXPUNGE) is kept as the keyword
 * `$deleted` so that every gateway instance and connection sees it; other keywords are
 * the same word (JMAP keywords are lower case, IMAP ones case-insensitive).
 */
const SYSTEM: Record<string, string> = {
  '\\seen': '$seen',
  '\\flagged': '$flagged',
  '\\answered': '$answered',
  '\\draft': '$draft',
  '\\deleted': '$deleted',
};

const DISPLAY: Record<string, string> = {
  $seen: '\\Seen',
  $flagged: '\\Flagged',
  $answered: '\\Answered',
  $draft: '\\Draft',
  $deleted: '\\Deleted',
  $forwarded: '$Forwarded',
  $mdnsent: '$MDNSent',
  $junk: '$Junk',
  $notjunk: '$NotJunk',
  $phishing: '$Phishing',
};

/** The flags of a SELECT's FLAGS response. */
export const FOLDER_FLAGS = [
  '\\Answered',
  '\\Flagged',
  '\\Deleted',
  '\\Seen',
  '\\Draft',
  '$Forwarded',
  '$MDNSent',
  '$Junk',
  '$NotJunk',
];

/** The IMAP flag of a JMAP keyword. */
export const flagOf = (keyword: string): string => DISPLAY[keyword] ?? keyword;

/**
 * The JMAP keyword of an IMAP flag, or null for one that cannot be stored (`\Recent`, an
 * unknown system flag, characters JMAP forbids).
 */
export function keywordOf(flag: string): string | null {
  const lower = flag.toLowerCase();
  if (lower.startsWith('\\')) return SYSTEM[lower] ?? null;
  return /^[\x21-\x7e]{1,255}$/.test(lower) && !/[()\]{%*"\\]/.test(lower) ? lower : null;
}
