/**
 * A fictional whitelist in the official `listeblanchemssante.xml` format, for development
 * and tests: the demo operators that the demo mail uses, then generated establishments.
 * Deterministic: the same `count` gives the same file.
 */

/** Domains of other operators that the demo mail writes from (fictional). */
export const DEMO_REMOTE_DOMAINS = [
  'medecin.mssante.fr',
  'infirmier.mssante.fr',
  'pharmacien.mssante.fr',
  'chu-lyon-demo.mssante.fr',
  'labo-biorhone-demo.mssante.fr',
  'clinique-saone-demo.mssante.fr',
  'radiologie-croixrousse-demo.mssante.fr',
] as const;

const KINDS = ['ch', 'clinique', 'labo', 'ehpad', 'cabinet', 'msp', 'ssiad', 'radiologie'];
const TOWNS = [
  'lyon',
  'villeurbanne',
  'bron',
  'vienne',
  'annecy',
  'grenoble',
  'valence',
  'roanne',
  'macon',
  'bourg',
  'chambery',
  'clermont',
  'dijon',
  'besancon',
  'nancy',
  'metz',
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function domaine(name: string, description: string, index: number): string {
  const day = String((index % 28) + 1).padStart(2, '0');
  return [
    '  <Domaine>',
    `    <Nom>${escapeXml(name)}</Nom>`,
    `    <Description>${escapeXml(description)}</Description>`,
    `    <DNCertificatOperateur>CN=${escapeXml(name)},OU=0000000000${String(index).padStart(4, '0')},O=Operateur fictif ${index % 12},ST=Rhone (69),C=FR</DNCertificatOperateur>`,
    `    <ResponsableContact>responsable@${escapeXml(name)}</ResponsableContact>`,
    `    <SupportContact>support@${escapeXml(name)}</SupportContact>`,
    `    <DateMAJ>2026-10-${day}T02:00:00</DateMAJ>`,
    '  </Domaine>',
  ].join('\n');
}

/**
 * The sample list: the demo domains first, then generated ones up to `count` domains.
 *
 * @example
 * const xml = whitelistSample(300); // ~300 <Domaine> elements
 */
export function whitelistSample(count = 300, generatedOn = '2026-11-01T03:00:00'): string {
  const parts: string[] = [];
  DEMO_REMOTE_DOMAINS.forEach((name, i) => {
    parts.push(domaine(name, `Domaine de démonstration ${name}`, i));
  });
  for (let i = DEMO_REMOTE_DOMAINS.length; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const town = TOWNS[Math.floor(i / KINDS.length) % TOWNS.length];
    const name = `${kind}-${town}-${i}.fictif.mssante.fr`;
    parts.push(domaine(name, `Établissement fictif ${kind} ${town} n°${i}`, i));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListeBlancheMSSante>',
    `  <DateDeGeneration>${generatedOn}</DateDeGeneration>`,
    ...parts,
    '</ListeBlancheMSSante>',
    '',
  ].join('\n');
}
