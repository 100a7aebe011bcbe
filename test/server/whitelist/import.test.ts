import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { importWhitelist, streamOf } from '../../../server/whitelist/import.ts';
import { whitelistSample } from '../../../server/whitelist/sample.ts';
import { isWhitelisted } from '../../../server/whitelist/store.ts';

function list(domains: string[], generatedOn = '2026-11-20T03:00:00'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ListeBlancheMSSante>
  <DateDeGeneration>${generatedOn}</DateDeGeneration>
${domains.join('\n')}
</ListeBlancheMSSante>`;
}

const domaine = (name: string, description = 'Établissement') =>
  `<Domaine><Nom>${name}</Nom><Description>${description}</Description><DNCertificatOperateur>CN=${name},O=Op,C=FR</DNCertificatOperateur><ResponsableContact>r@${name}</ResponsableContact><SupportContact>s@${name}</SupportContact><DateMAJ>2026-11-01T00:00:00</DateMAJ></Domaine>`;

/** A stream cut in small chunks, so that elements straddle chunk boundaries. */
function chunked(text: string, size = 97): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function count() {
  return (
    await env.DB.prepare('SELECT count(*) AS n FROM whitelist_domains').first<{ n: number }>()
  )?.n;
}

describe('importWhitelist', () => {
  it('imports every domain with its fields and the generation date', async () => {
    const result = await importWhitelist(
      env.DB,
      chunked(list([domaine('ch-a.mssante.fr', 'CH &amp; EHPAD'), domaine('Labo-B.mssante.fr')])),
      'test',
    );
    expect(result).toMatchObject({ domainCount: 2, generatedOn: '2026-11-20T03:00:00' });
    const row = await env.DB.prepare(
      "SELECT * FROM whitelist_domains WHERE name = 'ch-a.mssante.fr'",
    ).first();
    expect(row).toMatchObject({
      description: 'CH & EHPAD',
      operator_dn: 'CN=ch-a.mssante.fr,O=Op,C=FR',
      responsable_contact: 'r@ch-a.mssante.fr',
      support_contact: 's@ch-a.mssante.fr',
      updated_on: '2026-11-01T00:00:00',
    });
    expect(await isWhitelisted(env.DB, 'labo-b.mssante.fr')).toBe(true);
  });

  it('streams a list the size of the real one (8,700 domains) in small chunks', async () => {
    const result = await importWhitelist(env.DB, chunked(whitelistSample(8700), 4096), 'sample');
    expect(result.domainCount).toBe(8700);
    expect(await count()).toBe(8700);
  });

  it('removes the domains a newer list no longer holds and updates the others', async () => {
    await importWhitelist(
      env.DB,
      streamOf(list([domaine('a.mssante.fr'), domaine('b.mssante.fr')])),
      'v1',
    );
    await importWhitelist(
      env.DB,
      streamOf(list([domaine('b.mssante.fr', 'Nouveau nom'), domaine('c.mssante.fr')])),
      'v2',
    );
    expect(await isWhitelisted(env.DB, 'a.mssante.fr')).toBe(false);
    expect(await isWhitelisted(env.DB, 'c.mssante.fr')).toBe(true);
    const b = await env.DB.prepare(
      "SELECT description FROM whitelist_domains WHERE name = 'b.mssante.fr'",
    ).first();
    expect(b).toEqual({ description: 'Nouveau nom' });
  });

  it('refuses an empty or broken list and keeps the current trust space', async () => {
    await importWhitelist(env.DB, streamOf(list([domaine('a.mssante.fr')])), 'v1');
    await expect(
      importWhitelist(env.DB, streamOf('<html>Erreur 500</html>'), 'bad'),
    ).rejects.toThrow();
    expect(await isWhitelisted(env.DB, 'a.mssante.fr')).toBe(true);
  });

  it('skips entries without a valid domain name', async () => {
    const result = await importWhitelist(
      env.DB,
      streamOf(
        list([
          domaine('ok.mssante.fr'),
          domaine('pas un domaine'),
          '<Domaine><Description>x</Description></Domaine>',
        ]),
      ),
      'test',
    );
    expect(result.domainCount).toBe(1);
  });

  it('reads CDATA and numeric character references', async () => {
    await importWhitelist(
      env.DB,
      streamOf(list([domaine('cdata.mssante.fr', '<![CDATA[Clinique <Saône>]]> &#233;t&#xE9;')])),
      'test',
    );
    const row = await env.DB.prepare(
      "SELECT description FROM whitelist_domains WHERE name = 'cdata.mssante.fr'",
    ).first();
    expect(row).toEqual({ description: 'Clinique <Saône> été' });
  });
});
