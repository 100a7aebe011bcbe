/** How a person wants to hear of new mail. */
export interface NoticePreferences {
  enabled: boolean;
  channel: 'email' | 'sms';
}

/** A person's notice preferences; on, by email, until they change them. */
export async function noticePreferences(db: D1Database, idNat: string): Promise<NoticePreferences> {
  const row = await db
    .prepare('SELECT enabled, channel FROM notice_preferences WHERE id_nat = ?')
    .bind(idNat)
    .first<{ enabled: number; channel: 'email' | 'sms' }>();
  return row
    ? { enabled: row.enabled === 1, channel: row.channel }
    : { enabled: true, channel: 'email' };
}

/** Stores a person's notice preferences. */
export async function setNoticePreferences(
  db: D1Database,
  idNat: string,
  preferences: NoticePreferences,
  now = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO notice_preferences (id_nat, enabled, channel, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id_nat) DO UPDATE SET enabled = excluded.enabled, channel = excluded.channel,
       updated_at = excluded.updated_at`,
    )
    .bind(idNat, preferences.enabled ? 1 : 0, preferences.channel, now)
    .run();
}
