import { fold } from '../../../shared/text.ts';
import { simplePdf } from './pdf.ts';
import {
  type Correspondent,
  HOSPITAL_DOCTORS,
  HOSPITAL_REASONS,
  IMAGING,
  LAB,
  LAB_TESTS,
  MEDICINES,
  OTHER_GPS,
  PATIENTS,
  type Patient,
  RADIOLOGY,
} from './people.ts';

/** One demo message, before it becomes MIME. */
export interface DemoMessage {
  /** Key of the demo BAL it is delivered to (`claire`, `karim`, `elodie`, `thomas`). */
  to: DemoBalKey;
  from: Correspondent;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; bytes: Uint8Array }[];
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  date: Date;
  headers?: Record<string, string>;
}

export type DemoBalKey = 'claire' | 'karim' | 'elodie' | 'thomas';

/** The demo BALs as correspondents, by key (addresses on the first operator domain). */
export type DemoBals = Record<DemoBalKey, Correspondent>;

/** Deterministic pseudo-random numbers (mulberry32): the same demo mail every time. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ANCHOR = Date.UTC(2026, 10, 20, 8, 0, 0);
const DAY = 86_400_000;
const fr = (date: Date) => date.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
const who = (p: Patient) => `${p.given} ${p.family.toUpperCase()}`;
const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '-');

/**
 * The demo mail, in delivery order: at least 500 messages for Dr Claire Martin (lab
 * results with PDFs, hospital and imaging reports, letters and threads with colleagues),
 * and some for the other demo BALs. Message-IDs are stable, so seeding twice stores once.
 */
export function demoMessages(bals: DemoBals, domain: string): DemoMessage[] {
  const rnd = seededRandom(20261120);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  let n = 0;
  const id = (kind: string) => `<demo.${kind}.${++n}@${domain}>`;
  const when = () => new Date(ANCHOR - Math.floor(rnd() * 180 * DAY));
  const sign = (c: Correspondent) => `\n\nBien confraternellement,\n${c.name}`;
  const out: DemoMessage[] = [];

  for (let i = 0; i < 230; i++) {
    const p = pick(PATIENTS);
    const date = when();
    const values = LAB_TESTS.filter(() => rnd() < 0.5).map(([name, unit, lo, hi, dec]) => {
      const v = lo + (hi - lo) * (rnd() * 1.3 - 0.15);
      const flag = v < lo ? ' (bas)' : v > hi ? ' (élevé)' : '';
      return `${name} : ${v.toFixed(dec).replace('.', ',')} ${unit}${flag}`;
    });
    out.push({
      to: 'claire',
      from: LAB,
      subject: `Résultats d'analyses — ${who(p)} — ${fr(date)}`,
      text: `Bonjour Docteur,\n\nVeuillez trouver ci-joint les résultats de ${who(p)}, né(e) le ${p.born}, prélevé(e) le ${fr(date)}.\n\nLaboratoire BioRhône (démonstration)`,
      attachments: [
        {
          filename: `resultats-${slug(p.family)}-${date.toISOString().slice(0, 10)}.pdf`,
          contentType: 'application/pdf',
          bytes: simplePdf(`Résultats — ${who(p)} (${p.born})`, [
            `Prélèvement du ${fr(date)}`,
            ...(values.length ? values : ['Hémoglobine : 13,8 g/dL']),
            'Document fictif de démonstration.',
          ]),
        },
      ],
      messageId: id('labo'),
      date,
    });
  }

  for (let i = 0; i < 130; i++) {
    const p = pick(PATIENTS);
    const doctor = pick(HOSPITAL_DOCTORS);
    const reason = pick(HOSPITAL_REASONS);
    const date = when();
    const text = `Chère consœur,\n\nVotre patient(e) ${who(p)}, né(e) le ${p.born}, a été hospitalisé(e) du ${fr(new Date(date.getTime() - 5 * DAY))} au ${fr(date)} pour ${reason}. L'évolution a été favorable. Le traitement de sortie et les rendez-vous de suivi sont détaillés dans le compte rendu joint.${sign(doctor)}`;
    out.push({
      to: 'claire',
      from: doctor,
      subject:
        i % 25 === 0
          ? `XDM/1.0/DDM+Compte rendu d'hospitalisation — ${who(p)}`
          : `Compte rendu d'hospitalisation — ${who(p)}`,
      text,
      html: `<p>Chère consœur,</p><p>Votre patient(e) <strong>${who(p)}</strong>, né(e) le ${p.born}, a été hospitalisé(e) pour ${reason}. L'évolution a été favorable.</p><p>Bien confraternellement,<br>${doctor.name}</p>`,
      attachments:
        i % 3 === 0
          ? [
              {
                filename: `cr-hospitalisation-${slug(p.family)}.pdf`,
                contentType: 'application/pdf',
                bytes: simplePdf(`Compte rendu d'hospitalisation — ${who(p)}`, [
                  `Motif : ${reason}`,
                  'Traitement de sortie : voir ordonnance.',
                  'Document fictif de démonstration.',
                ]),
              },
            ]
          : undefined,
      messageId: id('chu'),
      date,
      headers: i % 40 === 0 ? { 'Disposition-Notification-To': doctor.addr } : undefined,
    });
  }

  for (let i = 0; i < 60; i++) {
    const p = pick(PATIENTS);
    const [exam, conclusion] = pick(IMAGING);
    const date = when();
    out.push({
      to: 'claire',
      from: RADIOLOGY,
      subject: `${exam} — ${who(p)}`,
      text: `Bonjour,\n\nCompte rendu de l'examen de ${who(p)} du ${fr(date)}.\nConclusion : ${conclusion}\n\nImagerie Croix-Rousse (démonstration)`,
      attachments: [
        {
          filename: `${slug(exam)}-${slug(p.family)}.pdf`,
          contentType: 'application/pdf',
          bytes: simplePdf(`${exam} — ${who(p)}`, [
            `Conclusion : ${conclusion}`,
            'Document fictif.',
          ]),
        },
      ],
      messageId: id('radio'),
      date,
    });
  }

  // Threads: a colleague writes, Claire answers (delivered to the colleague when local),
  // the colleague replies again.
  const threads: [Correspondent, DemoBalKey | null, string][] = [
    ...OTHER_GPS.map((gp): [Correspondent, null, string] => [gp, null, "Courrier d'adressage"]),
    [bals.karim, 'karim', "Demande d'avis pneumologique"],
    [bals.elodie, 'elodie', 'Soins infirmiers à domicile'],
    [bals.thomas, 'thomas', 'Question sur une ordonnance'],
  ];
  for (let i = 0; i < 72; i++) {
    const [colleague, localKey, topic] = threads[i % threads.length] as (typeof threads)[number];
    const p = pick(PATIENTS);
    const subject =
      topic === 'Question sur une ordonnance'
        ? `${topic} (${pick(MEDICINES)}) — ${who(p)}`
        : `${topic} — ${who(p)}`;
    const start = when();
    const first = id('fil');
    out.push({
      to: 'claire',
      from: colleague,
      subject,
      text: `Chère consœur,\n\nJe me permets de vous écrire au sujet de ${who(p)}, né(e) le ${p.born}. Pourriez-vous me donner votre avis sur la suite de la prise en charge ?${sign(colleague)}`,
      messageId: first,
      date: start,
    });
    const answer = id('fil');
    if (localKey) {
      out.push({
        to: localKey,
        from: bals.claire,
        subject: `Re: ${subject}`,
        text: `Cher confrère,\n\nMerci pour votre message. Je revois ${who(p)} la semaine prochaine et vous tiens informé(e).${sign(bals.claire)}`,
        messageId: answer,
        inReplyTo: first,
        references: [first],
        date: new Date(start.getTime() + DAY),
      });
    }
    out.push({
      to: 'claire',
      from: colleague,
      subject: `Re: ${subject}`,
      text: `Merci pour votre retour rapide. Je reste disponible si besoin.${sign(colleague)}`,
      messageId: id('fil'),
      inReplyTo: localKey ? answer : first,
      references: localKey ? [first, answer] : [first],
      date: new Date(start.getTime() + 2 * DAY),
    });
  }

  // Mail for the other demo BALs from outside.
  for (let i = 0; i < 30; i++) {
    const p = pick(PATIENTS);
    const key = (['karim', 'elodie', 'thomas'] as const)[i % 3] as DemoBalKey;
    const doctor = pick(HOSPITAL_DOCTORS);
    out.push({
      to: key,
      from: doctor,
      subject: `Information de sortie — ${who(p)}`,
      text: `Bonjour,\n\n${who(p)} est rentré(e) à domicile ce jour. Le compte rendu a été adressé au médecin traitant.${sign(doctor)}`,
      messageId: id('sortie'),
      date: when(),
    });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime());
}
