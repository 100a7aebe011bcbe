import { Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { listDelegationsTo } from '../delegation/delegations.ts';
import { listFavourites, listRecents } from '../directory/correspondents.ts';
import type { Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { readSettings } from './settings.ts';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** Most of the person's own traces put in an export (newest first). */
const MAX_EXPORTED_TRACES = 10_000;

/**
 * Everything Pli holds about a person, as JSON (right of access and portability): identity,
 * contacts and settings, BALs held, delegations given and received, devices, sessions,
 * favourites and recent correspondents, CGU acceptances, their own functional traces.
 * Never a secret: no password hash, TOTP secret or token.
 */
export async function accountExport(
  db: D1Database,
  idNat: string,
): Promise<Record<string, unknown>> {
  const person = await db
    .prepare(
      'SELECT id_nat, given_name, family_name, profession_code, specialty_code, kind, created_at FROM persons WHERE id_nat = ?',
    )
    .bind(idNat)
    .first<Record<string, string | number | null>>();
  const all = async <T>(sql: string) => (await db.prepare(sql).bind(idNat).all<T>()).results;
  const bals = await all<{ id: string; address: string; display_name: string; created_at: number }>(
    'SELECT id, address, display_name, created_at FROM bals WHERE holder_id_nat = ? AND deleted_at IS NULL',
  );
  const given = await all<{
    id: string;
    address: string;
    delegate_id_nat: string;
    created_at: number;
  }>(
    `SELECT d.id, b.address, d.delegate_id_nat, d.created_at FROM delegations d JOIN bals b ON b.id = d.bal_id
      WHERE b.holder_id_nat = ? AND d.revoked_at IS NULL`,
  );
  const devices = await all<{
    name: string;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  }>('SELECT name, created_at, last_used_at, revoked_at FROM device_tokens WHERE id_nat = ?');
  const sessions = await all<{
    method: string;
    created_at: number;
    last_seen_at: number;
    user_agent: string | null;
  }>('SELECT method, created_at, last_seen_at, user_agent FROM sessions WHERE id_nat = ?');
  const traces = (
    await db
      .prepare(
        'SELECT at, bal_id, kind, channel, detail FROM traces WHERE actor_id_nat = ? ORDER BY id DESC LIMIT ?',
      )
      .bind(idNat, MAX_EXPORTED_TRACES)
      .all<{
        at: number;
        bal_id: string | null;
        kind: string;
        channel: string | null;
        detail: string | null;
      }>()
  ).results;
  return {
    exportedAt: new Date().toISOString(),
    person: person && {
      idNat: person.id_nat,
      givenName: person.given_name,
      familyName: person.family_name,
      professionCode: person.profession_code,
      specialtyCode: person.specialty_code,
      kind: person.kind,
      createdAt: iso(person.created_at as number),
    },
    settings: await readSettings(db, idNat),
    bals: bals.map((b) => ({
      id: b.id,
      address: b.address,
      displayName: b.display_name,
      createdAt: iso(b.created_at),
    })),
    delegationsGiven: given.map((d) => ({
      id: d.id,
      bal: d.address,
      delegateIdNat: d.delegate_id_nat,
      createdAt: iso(d.created_at),
    })),
    delegationsReceived: await listDelegationsTo(db, idNat),
    devices: devices.map((d) => ({
      name: d.name,
      createdAt: iso(d.created_at),
      lastUsedAt: iso(d.last_used_at),
      revokedAt: iso(d.revoked_at),
    })),
    sessions: sessions.map((s) => ({
      method: s.method,
      createdAt: iso(s.created_at),
      lastSeenAt: iso(s.last_seen_at),
      userAgent: s.user_agent,
    })),
    favourites: (await listFavourites(db, idNat)).map((f) => f.address),
    recentCorrespondents: (await listRecents(db, idNat)).map((r) => r.address),
    traces: traces.map((t) => ({
      at: iso(t.at),
      balId: t.bal_id,
      kind: t.kind,
      channel: t.channel,
      detail: t.detail,
    })),
  };
}

/** One file of an archive: its name, bytes and modification time (ms since the epoch). */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
  modifiedAt: number;
}

/**
 * A ZIP archive streamed from `entries`, one entry in memory at a time (zip.js: stored
 * entries, as .eml files are mostly base64 already; ZIP64 records, so neither 65,535
 * entries nor 4 GiB is a limit; UTF-8 names). A failing source errors the stream, so a cut archive is never complete.
 */
export function zipEntries(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  // ZIP64 from the first entry: the archive's size and count are unknown when it starts.
  const zip = new ZipWriter(writable, {
    level: 0,
    zip64: true,
    useWebWorkers: false,
    useCompressionStream: false,
    keepOrder: true,
  });
  (async () => {
    for await (const entry of entries) {
      await zip.add(entry.name, new Uint8ArrayReader(entry.bytes), {
        lastModDate: new Date(entry.modifiedAt),
      });
    }
    await zip.close();
  })().catch((error: unknown) => writable.abort(error).catch(() => undefined));
  return readable;
}

/** The messages of a BAL as a ZIP of .eml files, streamed a message at a time. */
export function mailboxZip(env: Bindings, balId: string): ReadableStream<Uint8Array> {
  const mailbox = mailboxStub(env, balId);
  async function* entries(): AsyncGenerator<ZipEntry> {
    let after = '';
    for (;;) {
      const page = await mailbox.exportPage(after, 100);
      if (page.length === 0) return;
      for (const email of page) {
        const blob = await mailbox.blob(email.blobId);
        if (blob) {
          const day = new Date(email.receivedAt).toISOString().slice(0, 10);
          yield { name: `${day}-${email.id}.eml`, bytes: blob.bytes, modifiedAt: email.receivedAt };
        }
      }
      after = page[page.length - 1]?.id ?? after;
    }
  }
  return zipEntries(entries());
}
